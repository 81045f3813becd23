import { hasPermission, requireAny } from '../auth.js';
import { isKnownFlatPermission, unknownPermissionInPolicy, type PermissionPolicy } from '../catalog.js';
import { ApiError, conflict, invalidField, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { AuthedRequest, Route } from '../http/router.js';
import type { OrgState, RoleRecord } from '../store/types.js';
import { grantsOfLiveUsers } from '../store/user-grants.js';
import { listing, multiParam, readPage } from './paging.js';
import {
  expectObject,
  oneOf,
  optionalObjectArray,
  optionalString,
  optionalStringArray,
  requiredString,
  type JsonObject,
} from './validate.js';

const BASE = '/api/v2/authorization/roles';

/** Ids of the users (not deleted) holding the role in any division. */
function holderIds(org: OrgState, roleId: string): string[] {
  return [
    ...new Set(
      grantsOfLiveUsers(org)
        .filter((g) => g.roleId === roleId)
        .map((g) => g.subjectId),
    ),
  ];
}

function userCount(org: OrgState, roleId: string): number {
  return holderIds(org, roleId).length;
}

/**
 * `userCount` query parameter (default true) of role reads. SDK AuthorizationApi.getAuthorizationRole: "Setting
 * this value or defaulting to 'true' can lead to slower load times or timeouts for role queries with large
 * member counts". The emulator leaves `userCount` out of the answer when it was not asked for, so a test can
 * see which reads pay for it.
 */
function wantsUserCount(query: URLSearchParams): boolean {
  return oneOf(query.get('userCount') ?? 'true', ['true', 'false'] as const, 'userCount') === 'true';
}

/** Response model `DomainOrganizationRole`. */
export function presentRole(org: OrgState, role: RoleRecord, withUserCount = true): JsonObject {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    defaultRoleId: role.defaultRoleId,
    permissions: role.permissions,
    unusedPermissions: [],
    permissionPolicies: role.permissionPolicies,
    userCount: withUserCount ? userCount(org, role.id) : undefined,
    roleNeedsUpdate: false,
    default: role.default,
    base: role.base,
    selfUri: `${BASE}/${role.id}`,
  };
}

/**
 * Reads `permissionPolicies` and flat `permissions`, refusing anything outside the permission catalog with a
 * 400 that names the permission.
 */
function readPolicies(obj: JsonObject): { permissionPolicies: PermissionPolicy[]; permissions: string[] } {
  const permissions = optionalStringArray(obj, 'permissions') ?? [];
  permissions.forEach((p, i) => {
    if (!isKnownFlatPermission(p)) {
      throw unknownPermission(`permissions[${i}]`, p);
    }
  });
  const raw = optionalObjectArray(obj, 'permissionPolicies') ?? [];
  const permissionPolicies = raw.map((p, i): PermissionPolicy => {
    const field = `permissionPolicies[${i}]`;
    const domain = requiredString(p, 'domain', `${field}.domain`);
    const entityName = requiredString(p, 'entityName', `${field}.entityName`);
    const actionSet = optionalStringArray(p, 'actionSet', `${field}.actionSet`);
    if (!actionSet || actionSet.length === 0) {
      throw invalidField(`${field}.actionSet`, `${field}.actionSet needs at least one action (or "*")`);
    }
    const policy: PermissionPolicy = { domain, entityName, actionSet: [...new Set(actionSet)] };
    const unknown = unknownPermissionInPolicy(policy);
    if (unknown) throw unknownPermission(field, unknown);
    const policyName = optionalString(p, 'policyName');
    const policyDescription = optionalString(p, 'policyDescription');
    if (policyName !== undefined) policy.policyName = policyName;
    if (policyDescription !== undefined) policy.policyDescription = policyDescription;
    if (p.allowConditions !== undefined) policy.allowConditions = p.allowConditions === true;
    if (p.namedResources !== undefined)
      policy.namedResources = optionalStringArray(p, 'namedResources', `${field}.namedResources`);
    if (p.resourceConditionNode !== undefined) policy.resourceConditionNode = p.resourceConditionNode;
    return policy;
  });
  return { permissionPolicies, permissions };
}

function unknownPermission(field: string, permission: string): ApiError {
  return new ApiError(
    400,
    'invalid.value',
    `The permission ${permission} does not exist in the permission catalog (${field})`,
    {
      details: [{ errorCode: 'invalid.value', fieldName: field }],
      messageParams: { permission },
    },
  );
}

function findRole(req: AuthedRequest): RoleRecord {
  const id = req.params.roleId as string;
  const role = req.principal.org.roles.find((r) => r.id === id);
  if (!role || req.app.consistency.hiddenFromGet('role', id)) throw notFound('Role', id);
  return role;
}

function nameTaken(org: OrgState, name: string, exceptId?: string): boolean {
  return org.roles.some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
}

export const roleRoutes: Route[] = [
  {
    method: 'GET',
    path: BASE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'authorization:role:view');
      const org = req.principal.org;
      const page = readPage(req.query);
      const name = req.query.get('name')?.toLowerCase();
      const permissions = multiParam(req.query, 'permission');
      const defaultRoleIds = multiParam(req.query, 'defaultRoleId');
      const ids = multiParam(req.query, 'id');
      const withUserCount = wantsUserCount(req.query);
      // New and deleted roles reach the listing (and its name search) after the consistency lag.
      const matches = req.app.consistency
        .listed('role', org.id, org.roles)
        .filter((r) => name === undefined || r.name.toLowerCase().includes(name))
        .filter((r) => permissions.length === 0 || permissions.some((p) => hasPermission([r], p)))
        .filter(
          (r) =>
            defaultRoleIds.length === 0 ||
            (r.defaultRoleId !== undefined && defaultRoleIds.includes(r.defaultRoleId)),
        )
        .filter((r) => ids.length === 0 || ids.includes(r.id))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return {
        status: 200,
        body: listing(
          matches.map((r) => presentRole(org, r, withUserCount)),
          page,
          BASE,
        ),
      };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/{roleId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'authorization:role:view');
      const withUserCount = wantsUserCount(req.query);
      return { status: 200, body: presentRole(req.principal.org, findRole(req), withUserCount) };
    },
  },
  {
    method: 'POST',
    path: BASE,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'authorization:role:add');
      const org = req.principal.org;
      const obj = expectObject(req.body, 'a DomainOrganizationRoleCreate');
      const name = requiredString(obj, 'name');
      if (nameTaken(org, name)) throw conflict(`A role named "${name}" already exists`);
      const at = new Date(req.app.now()).toISOString();
      const role: RoleRecord = {
        id: newId(),
        name,
        description: optionalString(obj, 'description') ?? '',
        ...readPolicies(obj),
        default: false,
        base: false,
        dateCreated: at,
        dateModified: at,
      };
      org.roles.push(role);
      req.app.consistency.noteCreated('role', role.id);
      req.app.changed();
      return { status: 200, body: presentRole(org, role) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/{roleId}`,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'authorization:role:edit');
      const org = req.principal.org;
      const role = findRole(req);
      const obj = expectObject(req.body, 'a DomainOrganizationRoleUpdate');
      const name = requiredString(obj, 'name');
      if (role.default && name !== role.name) {
        throw invalidField('name', `The name of the default role "${role.name}" cannot be changed`);
      }
      if (nameTaken(org, name, role.id)) throw conflict(`A role named "${name}" already exists`);
      // Full replacement: policies not in the body are gone afterwards.
      const { permissionPolicies, permissions } = readPolicies(obj);
      role.name = name;
      role.description = optionalString(obj, 'description') ?? '';
      role.permissionPolicies = permissionPolicies;
      role.permissions = permissions;
      role.dateModified = new Date(req.app.now()).toISOString();
      req.app.changed();
      return { status: 200, body: presentRole(org, role) };
    },
  },
  {
    // SDK AuthorizationApi `getAuthorizationRoleUsers`: a `UserReferenceEntityListing` ({ id, selfUri } only).
    // Unconfirmed: the permission it needs (authorization:role:view here) and whether inactive users are listed
    // (here: every user that is not deleted and holds the role in any division).
    method: 'GET',
    path: `${BASE}/{roleId}/users`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'authorization:role:view');
      const org = req.principal.org;
      const role = findRole(req);
      const ids = holderIds(org, role.id).sort();
      return {
        status: 200,
        body: listing(
          ids.map((id) => ({ id, selfUri: `/api/v2/users/${id}` })),
          readPage(req.query),
          `${BASE}/${role.id}/users`,
        ),
      };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/{roleId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'authorization:role:delete');
      const org = req.principal.org;
      const role = findRole(req);
      if (role.default) throw invalidField('roleId', `The default role "${role.name}" cannot be deleted`);
      const inUse =
        grantsOfLiveUsers(org).some((g) => g.roleId === role.id) ||
        org.clients.some((c) => c.roleDivisions.some((rd) => rd.roleId === role.id));
      if (inUse) {
        throw new ApiError(
          409,
          'general.conflict',
          `Role "${role.name}" is still granted; remove its grants first`,
          {
            entityId: role.id,
          },
        );
      }
      req.app.consistency.noteDeleted('role', org.id, role.id, role);
      org.roles = org.roles.filter((r) => r.id !== role.id);
      // Only inert grants of deleted users can still name the role; they would point at nothing.
      org.userGrants = org.userGrants.filter((g) => g.roleId !== role.id);
      req.app.changed();
      return { status: 204 };
    },
  },
];
