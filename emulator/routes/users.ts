import { requireAny } from '../auth.js';
import { ApiError, badRequest, conflict, invalidField, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { AuthedRequest, Route } from '../http/router.js';
import type { OrgState, UserRecord, UserState } from '../store/types.js';
import { grantEmployeeRole } from '../store/user-grants.js';
import { listing, multiParam, readPage } from './paging.js';
import {
  expectObject,
  oneOf,
  optionalInteger,
  optionalObjectArray,
  optionalString,
  requiredString,
  type JsonObject,
} from './validate.js';

const BASE = '/api/v2/users';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Response model `User` (the subset the emulator knows). */
export function presentUser(org: OrgState, user: UserRecord): JsonObject {
  return {
    id: user.id,
    name: user.name,
    division: {
      id: user.divisionId,
      name: user.divisionId === org.homeDivision.id ? org.homeDivision.name : undefined,
      selfUri: `/api/v2/authorization/divisions/${user.divisionId}`,
    },
    email: user.email,
    username: user.email,
    state: user.state,
    title: user.title,
    department: user.department,
    addresses: user.addresses,
    primaryContactInfo: [{ address: user.email, mediaType: 'EMAIL', type: 'PRIMARY' }],
    version: user.version,
    selfUri: `${BASE}/${user.id}`,
  };
}

/** Emails are unique per org across every state, soft-deleted users included (reference §3.3). */
export function findUserByEmail(org: OrgState, email: string): UserRecord | undefined {
  const lower = email.toLowerCase();
  return org.users.find((u) => u.email.toLowerCase() === lower);
}

/**
 * Creates a user after validation; shared by `POST /users` and SAML auto-provisioning. Every user gets the
 * employee role (store/user-grants.ts).
 */
export function createUser(
  org: OrgState,
  input: {
    name: string;
    email: string;
    divisionId?: string;
    state?: UserState;
    title?: string;
    department?: string;
    addresses?: JsonObject[];
  },
  now: number,
): UserRecord {
  if (!EMAIL.test(input.email))
    throw invalidField('email', `email must be an email address (got "${input.email}")`);
  if (findUserByEmail(org, input.email)) {
    throw conflict(
      `A user with email ${input.email} already exists (possibly deleted); restore it instead of creating another`,
    );
  }
  const divisionId = input.divisionId ?? org.homeDivision.id;
  if (divisionId !== org.homeDivision.id) {
    throw invalidField('divisionId', `divisionId ${divisionId} is not a division of this organization`);
  }
  const user: UserRecord = {
    id: newId(),
    name: input.name,
    email: input.email,
    divisionId,
    // SDK `CreateUser.state` (PY CreateUser.md): "If not specified, state will be Active if invites are sent,
    // otherwise Inactive". `POST /users` sends none (CreateUser has no invite field; invitations are
    // `POST /users/{id}/invite`), so a user created without a state is inactive.
    state: input.state ?? 'inactive',
    title: input.title,
    department: input.department,
    addresses: input.addresses ?? [],
    version: 1,
    dateCreated: new Date(now).toISOString(),
  };
  org.users.push(user);
  grantEmployeeRole(org, user.id, user.dateCreated);
  return user;
}

/**
 * Body of `PATCH /users/{id}` (SDK `UpdateUser`): `version` is required and must be the user's current
 * version (optimistic locking; a stale one is a 409, which Terraform retries after re-reading). Applies
 * `state` (`active`/`inactive`; deleting is `DELETE`), `name`, `title`, `department`, `addresses`; the
 * other UpdateUser fields (chat, images, skills, …) are not emulated and are ignored.
 */
function readUserUpdate(
  obj: JsonObject,
  user: UserRecord,
): {
  state?: UserState;
  changes: Partial<Pick<UserRecord, 'name' | 'title' | 'department' | 'addresses'>>;
} {
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw invalidField(
      'version',
      "version is required: the user's current version, from GET /api/v2/users/{id}",
    );
  }
  if (version !== user.version) {
    throw new ApiError(
      409,
      'general.conflict',
      `The version supplied (${version}) does not match the current version (${user.version}) of user ${user.id}; read the user again and retry`,
      { entityId: user.id },
    );
  }
  const email = optionalString(obj, 'email');
  if (email !== undefined && email.toLowerCase() !== user.email.toLowerCase()) {
    throw invalidField('email', "changing a user's email is not emulated; create another user instead");
  }
  const state = optionalString(obj, 'state');
  const changes: Partial<Pick<UserRecord, 'name' | 'title' | 'department' | 'addresses'>> = {};
  if (obj.name !== undefined) changes.name = requiredString(obj, 'name');
  const title = optionalString(obj, 'title');
  if (title !== undefined) changes.title = title;
  const department = optionalString(obj, 'department');
  if (department !== undefined) changes.department = department;
  const addresses = optionalObjectArray(obj, 'addresses');
  if (addresses !== undefined) changes.addresses = addresses;
  if (state === 'deleted')
    throw invalidField('state', 'a user is deleted with DELETE /api/v2/users/{id}, not with PATCH');
  return {
    state: state === undefined ? undefined : oneOf(state, ['active', 'inactive'] as const, 'state'),
    changes,
  };
}

function findUser(req: AuthedRequest, allowDeleted = false): UserRecord {
  const id = req.params.userId as string;
  const user = req.principal.org.users.find((u) => u.id === id && (allowDeleted || u.state !== 'deleted'));
  if (!user || req.app.consistency.hiddenFromGet('user', id)) throw notFound('User', id);
  return user;
}

interface Criterion {
  type: string;
  fields: string[];
  values: string[];
}

const SEARCH_TYPES = ['EXACT', 'CONTAINS', 'STARTS_WITH', 'MATCH_ALL'];
const SEARCH_FIELDS: Record<string, (u: UserRecord) => string> = {
  email: (u) => u.email,
  username: (u) => u.email,
  name: (u) => u.name,
  id: (u) => u.id,
  state: (u) => u.state,
  department: (u) => u.department ?? '',
  title: (u) => u.title ?? '',
};

function readCriteria(obj: JsonObject): Criterion[] {
  const query = optionalObjectArray(obj, 'query');
  if (!query || query.length === 0) throw invalidField('query', 'query needs at least one search criterion');
  return query.map((q, i) => {
    const field = `query[${i}]`;
    const type = oneOf(
      requiredString(q, 'type', `${field}.type`).toUpperCase(),
      SEARCH_TYPES,
      `${field}.type`,
    );
    if (type === 'MATCH_ALL') return { type, fields: [], values: [] };
    const fields = Array.isArray(q.fields)
      ? (q.fields as unknown[]).filter((f): f is string => typeof f === 'string')
      : [];
    if (fields.length === 0)
      throw invalidField(`${field}.fields`, `${field}.fields must name at least one field, e.g. ["email"]`);
    for (const f of fields) {
      if (!SEARCH_FIELDS[f]) {
        throw invalidField(
          `${field}.fields`,
          `${field}.fields: ${f} is not searchable here (use ${Object.keys(SEARCH_FIELDS).join(', ')})`,
        );
      }
    }
    const values = [
      ...(typeof q.value === 'string' ? [q.value] : []),
      ...(Array.isArray(q.values)
        ? (q.values as unknown[]).filter((v): v is string => typeof v === 'string')
        : []),
    ];
    if (values.length === 0)
      throw invalidField(`${field}.value`, `${field}.value (or values) is required for type ${type}`);
    return { type, fields, values };
  });
}

function criterionMatches(c: Criterion, user: UserRecord): boolean {
  if (c.type === 'MATCH_ALL') return true;
  return c.fields.some((f) => {
    const actual = (SEARCH_FIELDS[f] as (u: UserRecord) => string)(user).toLowerCase();
    return c.values.some((v) => {
      const want = v.toLowerCase();
      if (c.type === 'EXACT') return actual === want;
      if (c.type === 'STARTS_WITH') return actual.startsWith(want);
      return actual.includes(want);
    });
  });
}

export const userRoutes: Route[] = [
  {
    method: 'POST',
    path: BASE,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'directory:user:add');
      const obj = expectObject(req.body, 'a CreateUser');
      const state = optionalString(obj, 'state');
      const user = createUser(
        req.principal.org,
        {
          name: requiredString(obj, 'name'),
          email: requiredString(obj, 'email'),
          divisionId: optionalString(obj, 'divisionId'),
          state: state === undefined ? undefined : oneOf(state, ['active', 'inactive'] as const, 'state'),
          title: optionalString(obj, 'title'),
          department: optionalString(obj, 'department'),
          addresses: optionalObjectArray(obj, 'addresses'),
        },
        req.app.now(),
      );
      req.app.consistency.noteCreated('user', user.id);
      req.app.changed();
      return { status: 200, body: presentUser(req.principal.org, user) };
    },
  },
  {
    method: 'GET',
    path: BASE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      const org = req.principal.org;
      const page = readPage(req.query);
      const ids = multiParam(req.query, 'id');
      const state = oneOf(
        req.query.get('state') ?? 'active',
        ['active', 'inactive', 'deleted', 'any'] as const,
        'state',
      );
      const users = req.app.consistency
        .listed('user', org.id, org.users)
        .filter((u) => state === 'any' || u.state === state)
        .filter((u) => ids.length === 0 || ids.includes(u.id))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return {
        status: 200,
        body: listing(
          users.map((u) => presentUser(org, u)),
          page,
          BASE,
        ),
      };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/me`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      const { user, org } = req.principal;
      if (!user) {
        throw new ApiError(
          400,
          'bad.request',
          'This request requires a user context. Client credentials cannot be used for requests to this resource.',
        );
      }
      return { status: 200, body: presentUser(org, user) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/{userId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      // SDK UsersApi.getUser `state` "Search for a user with this state (default to active)"; values
      // `active`, `deleted` (JSDOC build/docs/UsersApi.md). `active` is read as "not deleted": the enum has no
      // `inactive`, so an inactive user must be readable without one (unconfirmed, emulator/README.md).
      const state = oneOf(req.query.get('state') ?? 'active', ['active', 'deleted'] as const, 'state');
      const wantDeleted = state === 'deleted';
      const user = findUser(req, wantDeleted);
      if (wantDeleted && user.state !== 'deleted') throw notFound('User', user.id);
      return { status: 200, body: presentUser(req.principal.org, user) };
    },
  },
  {
    // SDK UsersApi.postUserInvite "Send an activation email to the user", `force` "Resend the invitation even
    // if one is already outstanding (default to false)", empty response; permission directory:user:add
    // (JSDOC build/docs/UsersApi.md). Effect on state (unconfirmed): an inactive user becomes active, as
    // CreateUser.state says of users whose invite is sent; without `force` an outstanding invitation is not
    // sent again.
    method: 'POST',
    path: `${BASE}/{userId}/invite`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'directory:user:add');
      const user = findUser(req);
      const force = oneOf(req.query.get('force') ?? 'false', ['true', 'false'] as const, 'force') === 'true';
      if (force || !user.invitationsSent) user.invitationsSent = (user.invitationsSent ?? 0) + 1;
      if (user.state === 'inactive') {
        user.state = 'active';
        user.version += 1;
        req.app.consistency.noteWritten('user', user.id);
      }
      req.app.changed();
      return { status: 204 };
    },
  },
  {
    method: 'PATCH',
    path: `${BASE}/{userId}`,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'directory:user:edit');
      const org = req.principal.org;
      const user = findUser(req, true);
      const update = readUserUpdate(expectObject(req.body, 'an UpdateUser'), user);
      // Deleted users are hidden everywhere else; the one thing a PATCH may do to them is restore them.
      if (user.state === 'deleted' && update.state === undefined) throw notFound('User', user.id);
      Object.assign(user, update.changes);
      if (update.state !== undefined) user.state = update.state;
      user.version += 1;
      req.app.consistency.noteWritten('user', user.id);
      if (update.state !== undefined) req.app.consistency.forgetDeletion('user', user.id);
      req.app.changed();
      return { status: 200, body: presentUser(org, user) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/{userId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'admin', 'directory:user:delete', 'directory:organization:admin');
      const id = req.params.userId as string;
      const user = req.principal.org.users.find((u) => u.id === id && u.state !== 'deleted');
      if (!user) {
        throw new ApiError(
          404,
          'user.not.found.on.delete',
          `User ${id} was not found or is already deleted`,
          { entityId: id },
        );
      }
      if (req.app.consistency.unsettled('user', user.id)) {
        // Terraform retries DELETE on a version mismatch (reference §12): right after a write the version a
        // delete acts on may not have settled (consistency lag mode only). The message carries the words
        // Terraform's IsVersionMismatch looks for ("does not match the current version",
        // genesyscloud/util/util_retries.go), as the PATCH's does; the code is unconfirmed (emulator/README.md).
        throw new ApiError(
          409,
          'general.conflict',
          `The version of user ${user.id} being deleted does not match the current version (${user.version}); read the user again and retry`,
          { entityId: user.id },
        );
      }
      req.app.consistency.noteDeleted('user', req.principal.org.id, user.id, user);
      // Soft delete: the record stays (and keeps its email reserved) in state `deleted`.
      user.state = 'deleted';
      user.version += 1;
      req.app.changed();
      return { status: 200, body: {} };
    },
  },
  {
    method: 'POST',
    path: `${BASE}/search`,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      const org = req.principal.org;
      const obj = expectObject(req.body, 'a UserSearchRequest');
      const criteria = readCriteria(obj);
      const pageSize = optionalInteger(obj, 'pageSize', 1, 100) ?? 25;
      const pageNumber = optionalInteger(obj, 'pageNumber', 1, Number.MAX_SAFE_INTEGER) ?? 1;
      // Like the real search, deleted users only show up when a criterion asks about `state`.
      const includeDeleted = criteria.some((c) => c.fields.includes('state'));
      const results = req.app.consistency
        .listed('user', org.id, org.users)
        .filter((u) => includeDeleted || u.state !== 'deleted')
        .filter((u) => criteria.every((c) => criterionMatches(c, u)))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      if (obj.sortOrder !== undefined && typeof obj.sortOrder !== 'string')
        throw badRequest('sortOrder must be a string');
      return {
        status: 200,
        body: {
          total: results.length,
          pageCount: Math.ceil(results.length / pageSize),
          pageSize,
          pageNumber,
          types: ['users'],
          results: results
            .slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
            .map((u) => presentUser(org, u)),
        },
      };
    },
  },
];
