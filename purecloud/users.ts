/** Users and their roles: `/api/v2/users`. */
import { retryBounded, type BoundedRetryPolicy } from './bounded-retry.js';
import { GenesysApiError } from './errors.js';
import { collectPages } from './paging.js';
import { segment, type PlatformApi } from './platform-api.js';
import type { CreateUser, UpdateUser, User, UserAuthorization } from './types.js';

const BASE = '/api/v2/users';

/** Values of `state` on `GET /api/v2/users/{id}` (JSDOC build/docs/UsersApi.md getUser). */
export type GetUserState = 'active' | 'deleted';

/** Values of a user's `state` a search can ask for (SDK `User.state`: active, inactive, deleted). */
export type UserState = 'active' | 'inactive' | 'deleted';

export interface FindUserOptions {
  /**
   * Genesys search leaves soft-deleted users out. `true` searches only soft-deleted users (adds the
   * criterion `state EXACT deleted`, as Terraform's provider does before restoring a user), which is how to
   * explain a `general.conflict` on create: the email belongs to a deleted user.
   */
  deleted?: boolean;
  /** Any state, soft-deleted users too: whoever holds the email. Overrides `deleted`. */
  anyState?: boolean;
}

/**
 * Without `deleted`/`anyState` a search names `active` and `inactive`: the search's own default state
 * filter is not documented (the user listing's `state` defaults to `active`, SDK UsersApi.getUsers), and an
 * account created without an invitation is inactive (SDK CreateUser.state), so it must be found either way.
 */
function statesSearched(options: FindUserOptions): UserState[] {
  if (options.anyState) return ['active', 'inactive', 'deleted'];
  return options.deleted ? ['deleted'] : ['active', 'inactive'];
}

export interface UsersApi {
  /**
   * 409 `general.conflict` when the email is taken, also by a soft-deleted user. Without `state` the user
   * is inactive (no invitation is sent: SDK CreateUser.state "Active if invites are sent, otherwise
   * Inactive"); pass `state: 'active'` or `invite` it.
   */
  create(request: CreateUser): Promise<User>;
  /**
   * null when the user does not exist. `state` (SDK UsersApi.getUser, default `active`, values `active` and
   * `deleted`): `active` reads users that are not deleted (inactive ones too); `deleted` only soft-deleted ones.
   */
  get(id: string, options?: { state?: GetUserState }): Promise<User | null>;
  /**
   * Sends the activation e-mail (`POST /users/{id}/invite`, SDK UsersApi.postUserInvite, permission
   * directory:user:add). `force` resends one that is still outstanding.
   */
  invite(id: string, options?: { force?: boolean }): Promise<void>;
  /** Exact, case-insensitive email match via `POST /api/v2/users/search`; active and inactive users by default. */
  findByEmail(email: string, options?: FindUserOptions): Promise<User | null>;
  /**
   * Many emails at once: one `POST /api/v2/users/search` per EMAILS_PER_SEARCH addresses (an EXACT criterion
   * with `values`), paged. Returns the live (not deleted) users found, keyed by lowercased email; an address
   * with no user is absent.
   */
  findByEmails(emails: readonly string[]): Promise<Map<string, User>>;
  /**
   * Soft delete; a 404 counts as success. A version conflict (a write of the user that has not settled,
   * TF deleteUser: "Directory occasionally returns version errors on deletes") is tried again.
   */
  delete(id: string): Promise<void>;
  /**
   * Brings a soft-deleted user back (`PATCH /users/{id}` with `{state: 'active', version}`, as Terraform
   * does when a create answers `general.conflict`), keeping its id and data. Reads the current version first
   * and re-reads on a version conflict (VERSION_CONFLICT_RETRY). A user that is not deleted (already restored,
   * e.g. by an attempt whose response was lost) is returned as it is; an unknown id is a not-found
   * GenesysApiError.
   */
  restore(id: string): Promise<User>;
  /**
   * Activates or deactivates a user that is not deleted (`PATCH /users/{id}` with `{state, version}`, SDK
   * UpdateUser; permission directory:user:edit), re-reading the version on a version conflict.
   */
  setState(id: string, state: 'active' | 'inactive'): Promise<User>;
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
  const query: UserSearchCriteria[] = [
    { type: 'EXACT', fields: ['email'], value: email },
    { type: 'EXACT', fields: ['state'], values: statesSearched(options) },
  ];
  return { query, pageSize: 25, pageNumber: 1 };
}

/** One page of a search for several addresses at once (SDK `UserSearchCriteria.values`). */
export function userSearchByEmails(emails: readonly string[], pageNumber: number): UserSearchRequest {
  return {
    query: [
      { type: 'EXACT', fields: ['email'], values: [...emails] },
      { type: 'EXACT', fields: ['state'], values: statesSearched({}) },
    ],
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

/**
 * A user's PATCH or DELETE answers 409 (version mismatch) when another write of the user, ours a moment ago or
 * an administrator's, has not settled: a fresh read of the version and one more try settle it. This is the one
 * place that retries a version conflict (activities/failures.ts retries only reads that do not see a write yet);
 * both run on the one bounded loop, purecloud/bounded-retry.ts. The policy is Terraform's
 * (`util.RetryWhen(util.IsVersionMismatch, …)` around user PATCH and DELETE, genesyscloud/util/util_retries.go:
 * 10 retries, about 27.5 s in all), with jitter.
 */
const VERSION_CONFLICT_RETRY: BoundedRetryPolicy = {
  maxTries: 11,
  withinMs: 27_500,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
};

/**
 * The directory's words for a stale version: Terraform's `IsVersionMismatch` (genesyscloud/util/util_retries.go)
 * retries a 400 only when its message contains them ("Version mismatch from directory may be a 409 or 400 with
 * specific error message").
 */
const VERSION_MISMATCH_MESSAGE = 'does not match the current version';

/**
 * A version conflict, by Terraform's rule (`IsVersionMismatch`): every 409, and a 400 carrying
 * VERSION_MISMATCH_MESSAGE. A 409 can also be a conflict no fresh read settles (`general.conflict` for an email
 * another user holds, reference §12); retrying it holds the step for up to 27.5 s before it fails with the
 * server's words. That is the cheaper mistake: a real version conflict whose 409 does not name the version, if
 * it were not retried, would fail a customer's run. Whether every version-conflict 409 names the version is
 * unconfirmed (emulator/README.md).
 */
function isVersionConflict(error: unknown): boolean {
  if (!(error instanceof GenesysApiError)) return false;
  if (error.status === 400) return error.serverMessage.includes(VERSION_MISMATCH_MESSAGE);
  return error.kind === 'conflict';
}

/** Runs `write` (which reads the version itself) again while it answers a version conflict. */
function retryVersionConflicts<T>(write: () => Promise<T>): Promise<T> {
  return retryBounded(
    write,
    (outcome) => ({ retry: !outcome.ok && isVersionConflict(outcome.error) }),
    VERSION_CONFLICT_RETRY,
  );
}

function restoreUser(api: PlatformApi, id: string): Promise<User> {
  const path = `${BASE}/${segment(id)}`;
  return retryVersionConflicts(async () => {
    // Deleted users are only readable with `state=deleted`; a 404 there means the user is not deleted.
    const deleted = await api.callOrNull<User>('GET', path, { query: { state: 'deleted' } });
    if (!deleted) return api.call<User>('GET', path);
    const update: UpdateUser = { state: 'active', version: deleted.version ?? 1 };
    return api.call<User>('PATCH', path, { body: update });
  });
}

function setUserState(api: PlatformApi, id: string, state: 'active' | 'inactive'): Promise<User> {
  const path = `${BASE}/${segment(id)}`;
  return retryVersionConflicts(async () => {
    const user = await api.call<User>('GET', path);
    if (user.state === state) return user;
    const update: UpdateUser = { state, version: user.version ?? 1 };
    return api.call<User>('PATCH', path, { body: update });
  });
}

export function usersApi(api: PlatformApi): UsersApi {
  return {
    create: (request) => api.call<User>('POST', BASE, { body: request }),
    get: (id, options = {}) =>
      api.callOrNull<User>('GET', `${BASE}/${segment(id)}`, { query: { state: options.state } }),
    invite: (id, options = {}) =>
      api.call<void>('POST', `${BASE}/${segment(id)}/invite`, { query: { force: options.force } }),
    async findByEmail(email, options) {
      const response = await api.call<UsersSearchResponse>('POST', `${BASE}/search`, {
        body: userSearchByEmail(email, options),
        readOnly: true,
      });
      const wanted = email.toLowerCase();
      return response?.results?.find((user) => sameAddress(user, wanted)) ?? null;
    },
    findByEmails: (emails) => findUsersByEmails(api, emails),
    delete: (id) => retryVersionConflicts(() => api.callIgnoringNotFound('DELETE', `${BASE}/${segment(id)}`)),
    restore: (id) => restoreUser(api, id),
    setState: (id, state) => setUserState(api, id, state),
    getRoles: (id) => api.call<UserAuthorization>('GET', `${BASE}/${segment(id)}/roles`),
    setRoles: (id, roleIds) =>
      api.call<UserAuthorization>('PUT', `${BASE}/${segment(id)}/roles`, { body: roleIds }),
  };
}
