import { requireAny, requireHeldRoles, type Principal } from '../auth.js';
import { ApiError, invalidField, notFound } from '../errors.js';
import { newId, newSecret } from '../ids.js';
import { extend } from '../objects.js';
import type { AuthedRequest, Route } from '../http/router.js';
import type { ClientRecord, ClientState, GrantType, OrgState, RoleDivision } from '../store/types.js';
import { singlePage } from './paging.js';
import {
  expectObject,
  oneOf,
  optionalInteger,
  optionalObjectArray,
  optionalString,
  optionalStringArray,
  requiredString,
  type JsonObject,
} from './validate.js';

const BASE = '/api/v2/oauth/clients';

/** Accepted spellings → the hyphenated form the emulator stores and emits (reference §3.1). */
const GRANT_TYPES: Record<string, GrantType> = {
  CODE: 'CODE',
  TOKEN: 'TOKEN',
  'SAML2-BEARER': 'SAML2-BEARER',
  SAML2BEARER: 'SAML2-BEARER',
  PASSWORD: 'PASSWORD',
  'CLIENT-CREDENTIALS': 'CLIENT-CREDENTIALS',
  CLIENT_CREDENTIALS: 'CLIENT-CREDENTIALS',
};

/** Browser flows redirect back to the app, so they need at least one registered redirect URI. */
const NEEDS_REDIRECT_URI: GrantType[] = ['CODE', 'TOKEN'];

const STATES: ClientState[] = ['active', 'disabled', 'inactive'];

/** Response model `OAuthClient`. The secret is included only when `withSecret` (create, regenerate). */
export function presentClient(client: ClientRecord, withSecret = false): JsonObject {
  const out: JsonObject = {
    id: client.id,
    name: client.name,
    accessTokenValiditySeconds: client.accessTokenValiditySeconds,
    description: client.description,
    registeredRedirectUri: client.registeredRedirectUri,
    roleIds: [...new Set(client.roleDivisions.map((rd) => rd.roleId))],
    dateCreated: client.dateCreated,
    dateModified: client.dateModified,
    // extend, not a spread: one hidden class for every listed client (emulator/objects.ts).
    createdBy: client.createdBy
      ? extend(client.createdBy, { selfUri: `${BASE}/${client.createdBy.id}` })
      : undefined,
    modifiedBy: client.modifiedBy
      ? extend(client.modifiedBy, { selfUri: `${BASE}/${client.modifiedBy.id}` })
      : undefined,
    authorizedGrantType: client.authorizedGrantType,
    scope: client.scope,
    roleDivisions: client.roleDivisions,
    state: client.state,
    dateToDelete: client.dateToDelete,
    selfUri: `${BASE}/${client.id}`,
  };
  if (withSecret) out.secret = client.secret;
  return out;
}

type ClientFields = Omit<
  ClientRecord,
  'id' | 'secret' | 'dateCreated' | 'dateModified' | 'createdBy' | 'modifiedBy'
>;

/** Validates an `OAuthClientRequest` (create and update take the same full model). */
function readClientRequest(org: OrgState, body: unknown): ClientFields {
  const obj = expectObject(body, 'an OAuthClientRequest');
  const name = requiredString(obj, 'name');
  const rawGrant = requiredString(obj, 'authorizedGrantType');
  const authorizedGrantType = GRANT_TYPES[rawGrant.toUpperCase()];
  if (!authorizedGrantType) {
    throw invalidField(
      'authorizedGrantType',
      `authorizedGrantType must be one of CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS (got "${rawGrant}")`,
    );
  }
  const isClientCredentials = authorizedGrantType === 'CLIENT-CREDENTIALS';
  const accessTokenValiditySeconds = optionalInteger(obj, 'accessTokenValiditySeconds', 300, 172800) ?? 86400;
  const registeredRedirectUri = optionalStringArray(obj, 'registeredRedirectUri') ?? [];
  registeredRedirectUri.forEach((uri, i) => {
    if (!URL.canParse(uri)) {
      throw invalidField(
        `registeredRedirectUri[${i}]`,
        `registeredRedirectUri[${i}] must be an absolute URI (got "${uri}")`,
      );
    }
  });
  if (NEEDS_REDIRECT_URI.includes(authorizedGrantType) && registeredRedirectUri.length === 0) {
    throw invalidField(
      'registeredRedirectUri',
      `registeredRedirectUri needs at least one URI for grant type ${authorizedGrantType}`,
    );
  }
  const scope = optionalStringArray(obj, 'scope') ?? [];
  if (isClientCredentials && scope.length > 0) {
    throw invalidField(
      'scope',
      'scope is not allowed for CLIENT-CREDENTIALS clients; give them roleDivisions instead',
    );
  }
  const roleDivisions = readRoleDivisions(org, obj, isClientCredentials);
  const state = oneOf(optionalString(obj, 'state') ?? 'active', STATES, 'state');
  const dateToDelete = optionalString(obj, 'dateToDelete');
  if (dateToDelete !== undefined && Number.isNaN(Date.parse(dateToDelete))) {
    throw invalidField('dateToDelete', 'dateToDelete must be an ISO-8601 date-time', 'invalid.date');
  }
  return {
    name,
    description: optionalString(obj, 'description'),
    authorizedGrantType,
    accessTokenValiditySeconds,
    registeredRedirectUri,
    scope,
    roleDivisions,
    state,
    dateToDelete,
  };
}

function readRoleDivisions(org: OrgState, obj: JsonObject, isClientCredentials: boolean): RoleDivision[] {
  const given = optionalObjectArray(obj, 'roleDivisions');
  const legacyRoleIds = optionalStringArray(obj, 'roleIds');
  if (!isClientCredentials) {
    if ((given?.length ?? 0) > 0) {
      throw invalidField('roleDivisions', 'roleDivisions are only allowed for CLIENT-CREDENTIALS clients');
    }
    if ((legacyRoleIds?.length ?? 0) > 0) {
      throw invalidField('roleIds', 'roleIds are only allowed for CLIENT-CREDENTIALS clients');
    }
    return [];
  }
  // The deprecated roleIds map to grants in the home division when roleDivisions is absent.
  const pairs: { roleId: unknown; divisionId: unknown; field: string }[] = given
    ? given.map((rd, i) => ({ roleId: rd.roleId, divisionId: rd.divisionId, field: `roleDivisions[${i}]` }))
    : (legacyRoleIds ?? []).map((roleId, i) => ({ roleId, divisionId: undefined, field: `roleIds[${i}]` }));
  const out: RoleDivision[] = [];
  for (const { roleId, divisionId, field } of pairs) {
    if (typeof roleId !== 'string' || roleId === '') {
      throw invalidField(`${field}.roleId`, `${field}.roleId is required and must be a role id`);
    }
    if (!org.roles.some((r) => r.id === roleId)) {
      throw invalidField(
        `${field}.roleId`,
        `${field}.roleId ${roleId} is not a role of this organization`,
        'invalid.value',
      );
    }
    const division = divisionId === undefined || divisionId === null ? org.homeDivision.id : divisionId;
    if (typeof division !== 'string' || (division !== '*' && division !== org.homeDivision.id)) {
      throw invalidField(
        `${field}.divisionId`,
        `${field}.divisionId must be a division of this organization or "*" (got ${JSON.stringify(divisionId)})`,
      );
    }
    if (!out.some((rd) => rd.roleId === roleId && rd.divisionId === division))
      out.push({ roleId, divisionId: division });
  }
  return out;
}

function findClient(req: AuthedRequest): ClientRecord {
  const id = req.params.clientId as string;
  const client = req.principal.org.clients.find((c) => c.id === id);
  if (!client || req.app.consistency.hiddenFromGet('client', id)) throw notFound('OAuth client', id);
  return client;
}

function caller(p: Principal) {
  return p.user ? { id: p.user.id, name: p.user.name } : { id: p.client.id, name: p.client.name };
}

export const oauthClientRoutes: Route[] = [
  {
    method: 'GET',
    path: BASE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:view');
      // The SDK's getOauthClients takes no paging parameters (OAuthApi.js): one page holds every client.
      // New and deleted clients reach it after the consistency lag.
      const org = req.principal.org;
      const clients = [...req.app.consistency.listed('client', org.id, org.clients)].sort(
        (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
      );
      return {
        status: 200,
        body: singlePage(
          clients.map((c) => presentClient(c)),
          BASE,
        ),
      };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/{clientId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:view');
      return { status: 200, body: presentClient(findClient(req)) };
    },
  },
  {
    method: 'POST',
    path: BASE,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:add');
      const org = req.principal.org;
      const fields = readClientRequest(org, req.body);
      requireHeldRoles(req.principal, fields.roleDivisions);
      const at = new Date(req.app.now()).toISOString();
      // extend, not `{ ...fields, id, … }`: every request's token lookup and every listing reads these records
      // (emulator/objects.ts).
      const client: ClientRecord = extend(fields, {
        id: newId(),
        secret: newSecret(),
        dateCreated: at,
        dateModified: at,
        createdBy: caller(req.principal),
        modifiedBy: caller(req.principal),
      });
      org.clients.push(client);
      req.app.consistency.noteCreated('client', client.id);
      req.app.changed();
      return { status: 200, body: presentClient(client, true) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/{clientId}`,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:edit');
      const client = findClient(req);
      const fields = readClientRequest(req.principal.org, req.body);
      requireHeldRoles(req.principal, fields.roleDivisions);
      Object.assign(client, { description: undefined, dateToDelete: undefined }, fields, {
        dateModified: new Date(req.app.now()).toISOString(),
        modifiedBy: caller(req.principal),
      });
      req.app.changed();
      return { status: 200, body: presentClient(client) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/{clientId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:delete');
      const client = findClient(req);
      if (client.state !== 'inactive') {
        throw new ApiError(
          400,
          'cannot.delete.client',
          'Clients must be marked as inactive to be eligible for deletion',
          {
            entityId: client.id,
          },
        );
      }
      const org = req.principal.org;
      req.app.consistency.noteDeleted('client', org.id, client.id, client);
      org.clients = org.clients.filter((c) => c.id !== client.id);
      for (const [token, record] of req.app.store.tokens)
        if (record.clientId === client.id) req.app.store.tokens.delete(token);
      req.app.changed();
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: `${BASE}/{clientId}/secret`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:edit');
      const client = findClient(req);
      client.secret = newSecret();
      client.dateModified = new Date(req.app.now()).toISOString();
      client.modifiedBy = caller(req.principal);
      req.app.changed();
      return { status: 200, body: presentClient(client, true) };
    },
  },
];
