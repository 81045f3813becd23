/** Users and their roles: `/api/v2/users`. */
import { GenesysApiError } from './errors.js';
import { collectPages } from './paging.js';
import { segment, type PlatformApi } from './platform-api.js';
import type { CreateUser, UpdateUser, User, UserAuthorization } from './types.js';

const BASE = '/api/v2/users';

export interface FindUserOptions {
  /**
   * Genesys search leaves soft-deleted users out. `true` searches only soft-deleted users (adds the
   * criterion `state EXACT deleted`, as Terraform's provider does before restoring a user), which is how to
   * explain a `general.conflict` on create: the email belongs to a deleted user.
   */
  deleted?: boolean;
}

export interface UsersApi {
  /** 409 `general.conflict` when the email is taken, also by a soft-deleted user. */
  create(request: CreateUser): Promise<User>;
  /** null when the user does not exist (soft-deleted users also read as null). */
  get(id: string): Promise<User | null>;
  /** Exact, case-insensitive email match via `POST /api/v2/users/search`; active and inactive users by default. */
  findByEmail(email: string, options?: FindUserOptions): Promise<User | null>;
  /**
   * Many emails at once: one `POST /api/v2/users/search` per EMAILS_PER_SEARCH addresses (an EXACT criterion
   * with `values`), paged. Returns the live (not deleted) users found, keyed by lowercased email; an address
   * with no user is absent.
   */
  findByEmails(emails: readonly string[]): Promise<Map<string, User>>;
  /** Soft delete; a 404 counts as success. */
  delete(id: string): Promise<void>;
  /**
   * Brings a soft-deleted user back (`PATCH /users/{id}` with `{state: 'active', version}`, as Terraform
   * does when a create answers `general.conflict`), keeping its id and data. Reads the current version first
   * and re-reads on a version conflict. A user that is not deleted (already restored, e.g. by an attempt
   * whose response was lost) is returned as it is; an unknown id is a not-found GenesysApiError.
   */
  restore(id: string): Promise<User>;
  getRoles(id: string): Promise<UserAuthorization>;
  /** Replaces the user's role list (home division). */
  setRoles(id: string, roleIds: string[]): Promise<UserAuthorization>;
}

/** SDK `UserSearchCriteria` (the fields we send). */
interface UserSearchCriteria {
  type: 'EXACT';
  fields: string[];
  value?: string;
  values?: string[];
}

/** SDK `UserSearchRequest` (the fields we send). */
export interface UserSearchRequest {
  query: UserSearchCriteria[];
  pageSize?: number;
  pageNumber?: number;
}

/** SDK `UsersSearchResponse`: `results` is absent, not empty, when nothing matched. */
interface UsersSearchResponse {
  total?: number;
  pageCount?: number;
  results?: User[];
}

/**
 * Addresses per search. SDK `UserSearchCriteria.values` is a list with no documented maximum (index.d.ts);
 * 50 keeps one query's body small and, with SEARCH_PAGE_SIZE, one page per search for a spec at the admin cap
 * (100: two searches). Unconfirmed against the real API's own limit (emulator/README.md).
 */
export const EMAILS_PER_SEARCH = 50;
/** SDK `UserSearchRequest.pageSize`; 100 is the most the emulator (and, unconfirmed, Genesys search) returns. */
const SEARCH_PAGE_SIZE = 100;

export function userSearchByEmail(email: string, options: FindUserOptions = {}): UserSearchRequest {
  const query: UserSearchCriteria[] = [{ type: 'EXACT', fields: ['email'], value: email }];
  if (options.deleted) query.push({ type: 'EXACT', fields: ['state'], values: ['deleted'] });
  return { query, pageSize: 25, pageNumber: 1 };
}

/** One page of a search for several addresses at once (SDK `UserSearchCriteria.values`). */
export function userSearchByEmails(emails: readonly string[], pageNumber: number): UserSearchRequest {
  return {
    query: [{ type: 'EXACT', fields: ['email'], values: [...emails] }],
    pageSize: SEARCH_PAGE_SIZE,
    pageNumber,
  };
}

/** EXACT on an analysed field can still return near matches; only a same-address hit counts. */
function sameAddress(user: User, lowercasedEmail: string): boolean {
  return user.email?.toLowerCase() === lowercasedEmail;
}

async function findUsersByEmails(api: PlatformApi, emails: readonly string[]): Promise<Map<string, User>> {
  const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
  const found = new Map<string, User>();
  for (let start = 0; start < wanted.length; start += EMAILS_PER_SEARCH) {
    const chunk = wanted.slice(start, start + EMAILS_PER_SEARCH);
    const users = await collectPages(SEARCH_PAGE_SIZE, async (pageNumber) => {
      const page = await api.call<UsersSearchResponse>('POST', `${BASE}/search`, {
        body: userSearchByEmails(chunk, pageNumber),
        readOnly: true,
      });
      return { entities: page?.results ?? [], pageCount: page?.pageCount };
    });
    for (const email of chunk) {
      const user = users.find((candidate) => sameAddress(candidate, email));
      if (user) found.set(email, user);
    }
  }
  return found;
}

/** Version conflicts come from concurrent edits of the user; a few fresh reads settle them. */
const RESTORE_ATTEMPTS = 3;

async function restoreUser(api: PlatformApi, id: string): Promise<User> {
  const path = `${BASE}/${segment(id)}`;
  for (let attempt = 1; ; attempt++) {
    // Deleted users are only readable with `state=deleted`; a 404 there means the user is not deleted.
    const deleted = await api.callOrNull<User>('GET', path, { query: { state: 'deleted' } });
    if (!deleted) return api.call<User>('GET', path);
    const update: UpdateUser = { state: 'active', version: deleted.version ?? 1 };
    try {
      return await api.call<User>('PATCH', path, { body: update });
    } catch (error) {
      if (attempt >= RESTORE_ATTEMPTS || !(error instanceof GenesysApiError && error.kind === 'conflict'))
        throw error;
    }
  }
}

export function usersApi(api: PlatformApi): UsersApi {
  return {
    create: (request) => api.call<User>('POST', BASE, { body: request }),
    get: (id) => api.callOrNull<User>('GET', `${BASE}/${segment(id)}`),
    async findByEmail(email, options) {
      const response = await api.call<UsersSearchResponse>('POST', `${BASE}/search`, {
        body: userSearchByEmail(email, options),
        readOnly: true,
      });
      const wanted = email.toLowerCase();
      return response?.results?.find((user) => sameAddress(user, wanted)) ?? null;
    },
    findByEmails: (emails) => findUsersByEmails(api, emails),
    delete: (id) => api.callIgnoringNotFound('DELETE', `${BASE}/${segment(id)}`),
    restore: (id) => restoreUser(api, id),
    getRoles: (id) => api.call<UserAuthorization>('GET', `${BASE}/${segment(id)}/roles`),
    setRoles: (id, roleIds) =>
      api.call<UserAuthorization>('PUT', `${BASE}/${segment(id)}/roles`, { body: roleIds }),
  };
}
