import { requireAll, requireAny, rolesPermissions } from '../auth.js';
import { ApiError, invalidField, notFound } from '../errors.js';
import { employeeRoleId } from '../store/user-grants.js';
import type { AuthedRequest, Route } from '../http/router.js';
import type { ClientRecord, OrgState, RoleDivision, RoleRecord, UserRecord } from '../store/types.js';
import { expectObject, oneOf, optionalObjectArray } from './validate.js';

function findUser(req: AuthedRequest, param: string): UserRecord {
  const id = req.params[param] as string;
  const user = req.principal.org.users.find((u) => u.id === id && u.state !== 'deleted');
  // Right after a create the user may not be found yet (consistency lag mode, emulator/consistency.ts).
  if (!user || req.app.consistency.hiddenFromGet('user', id)) throw notFound('User', id);
  return user;
}

function role(org: OrgState, roleId: string, field: string): RoleRecord {
  const found = org.roles.find((r) => r.id === roleId);
  if (!found) throw invalidField(field, `${field}: role ${roleId} is not a role of this organization`);
  return found;
}

function division(org: OrgState, divisionId: unknown, field: string): string {
  if (divisionId === '*' || divisionId === org.homeDivision.id) return divisionId;
  throw invalidField(
    field,
    `${field} must be a division of this organization or "*" (got ${JSON.stringify(divisionId)})`,
  );
}

function userGrantPairs(org: OrgState, userId: string): RoleDivision[] {
  return org.userGrants
    .filter((g) => g.subjectId === userId)
    .map((g) => ({ roleId: g.roleId, divisionId: g.divisionId }));
}

/** Response model `UserAuthorization` for a user. */
export function userAuthorization(org: OrgState, userId: string) {
  const roleIds = new Set(userGrantPairs(org, userId).map((g) => g.roleId));
  const roles = org.roles.filter((r) => roleIds.has(r.id)).sort((a, b) => a.name.localeCompare(b.name));
  return {
    roles: roles.map((r) => ({ id: r.id, name: r.name })),
    unusedRoles: [],
    permissions: rolesPermissions(roles),
    permissionPolicies: roles.flatMap((r) =>
      r.permissionPolicies.map((p) => ({
        id: `${r.id}:${p.domain}:${p.entityName}`,
        domain: p.domain,
        entityName: p.entityName,
        policyName: p.policyName,
        actionSet: p.actionSet,
        allowConditions: p.allowConditions ?? false,
      })),
    ),
  };
}

/** Response model `AuthzSubject`: a user's grants, or an OAuth client's roleDivisions. */
function authzSubject(
  org: OrgState,
  subject: { id: string; name: string },
  pairs: (RoleDivision & { grantMadeAt?: string })[],
) {
  return {
    id: subject.id,
    name: subject.name,
    grants: pairs.map((g) => {
      const r = org.roles.find((x) => x.id === g.roleId);
      return {
        subjectId: subject.id,
        division:
          g.divisionId === '*'
            ? {
                id: '*',
                name: 'All divisions',
                description: 'Every current and future division',
                homeDivision: false,
              }
            : {
                id: org.homeDivision.id,
                name: org.homeDivision.name,
                description: org.homeDivision.description,
                homeDivision: true,
                selfUri: `/api/v2/authorization/divisions/${org.homeDivision.id}`,
              },
        role: {
          id: g.roleId,
          name: r?.name,
          description: r?.description,
          default: r?.default ?? false,
          selfUri: `/api/v2/authorization/roles/${g.roleId}`,
        },
        grantMadeAt: g.grantMadeAt,
      };
    }),
    version: 1,
    selfUri: `/api/v2/authorization/subjects/${subject.id}`,
  };
}

function addUserGrant(org: OrgState, userId: string, roleId: string, divisionId: string, at: string): void {
  const exists = org.userGrants.some(
    (g) => g.subjectId === userId && g.roleId === roleId && g.divisionId === divisionId,
  );
  if (!exists) org.userGrants.push({ subjectId: userId, roleId, divisionId, grantMadeAt: at });
}

function addClientGrant(client: ClientRecord, roleId: string, divisionId: string): void {
  if (!client.roleDivisions.some((rd) => rd.roleId === roleId && rd.divisionId === divisionId)) {
    client.roleDivisions.push({ roleId, divisionId });
  }
}

export const grantRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/users/{subjectId}/roles',
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'authorization:grant:view');
      const user = findUser(req, 'subjectId');
      return { status: 200, body: userAuthorization(req.principal.org, user.id) };
    },
  },
  {
    method: 'PUT',
    path: '/api/v2/users/{subjectId}/roles',
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'authorization:grant:add');
      const org = req.principal.org;
      const user = findUser(req, 'subjectId');
      if (!Array.isArray(req.body) || req.body.some((x) => typeof x !== 'string')) {
        throw invalidField('body', 'The request body must be a JSON array of role ids');
      }
      const roleIds = [...new Set(req.body as string[])];
      roleIds.forEach((id, i) => role(org, id, `body[${i}]`));
      // "The Employee role … is assigned to all users. This role cannot be removed" (help: about roles and
      // permissions). What the real PUT answers is unverified (a 400, or employee silently kept): the
      // emulator refuses, so a client that sends a list without employee (e.g. an empty one) is caught.
      const employee = employeeRoleId(org);
      if (employee && !roleIds.includes(employee)) {
        throw new ApiError(
          400,
          'bad.request',
          'The employee role is assigned to every user and cannot be removed: keep its id in the role list',
          { details: [{ fieldName: 'body', entityId: employee, entityName: 'employee' }] },
        );
      }
      // Replace: roles not in the list lose their grants; new roles are granted in the home division.
      org.userGrants = org.userGrants.filter((g) => g.subjectId !== user.id || roleIds.includes(g.roleId));
      const at = new Date(req.app.now()).toISOString();
      for (const id of roleIds) {
        if (!org.userGrants.some((g) => g.subjectId === user.id && g.roleId === id)) {
          addUserGrant(org, user.id, id, org.homeDivision.id, at);
        }
      }
      req.app.changed();
      return { status: 200, body: userAuthorization(org, user.id) };
    },
  },
  {
    method: 'POST',
    path: '/api/v2/authorization/subjects/{subjectId}/bulkadd',
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAll(req.principal, 'authorization:grant:add');
      const org = req.principal.org;
      const subjectType = oneOf(
        req.query.get('subjectType') ?? 'PC_USER',
        ['PC_USER', 'PC_GROUP', 'PC_OAUTH_CLIENT'] as const,
        'subjectType',
      );
      const obj = expectObject(req.body, 'RoleDivisionGrants');
      const grants = optionalObjectArray(obj, 'grants');
      if (!grants) throw invalidField('grants', 'grants is required: [{roleId, divisionId}, ...]');
      const pairs = grants.map((g, i) => {
        if (typeof g.roleId !== 'string')
          throw invalidField(`grants[${i}].roleId`, `grants[${i}].roleId is required`);
        role(org, g.roleId, `grants[${i}].roleId`);
        return { roleId: g.roleId, divisionId: division(org, g.divisionId, `grants[${i}].divisionId`) };
      });
      const subjectId = req.params.subjectId as string;
      const at = new Date(req.app.now()).toISOString();
      if (subjectType === 'PC_USER') {
        const user = findUser(req, 'subjectId');
        for (const p of pairs) addUserGrant(org, user.id, p.roleId, p.divisionId, at);
      } else if (subjectType === 'PC_OAUTH_CLIENT') {
        const client = org.clients.find((c) => c.id === subjectId);
        if (!client) throw notFound('OAuth client', subjectId);
        for (const p of pairs) addClientGrant(client, p.roleId, p.divisionId);
      } else {
        throw notFound('Group', subjectId);
      }
      req.app.changed();
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/api/v2/authorization/subjects/{subjectId}',
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'authorization:grant:view');
      const org = req.principal.org;
      const id = req.params.subjectId as string;
      const user = org.users.find((u) => u.id === id && u.state !== 'deleted');
      if (user) {
        const grants = org.userGrants.filter((g) => g.subjectId === user.id);
        return { status: 200, body: authzSubject(org, user, grants) };
      }
      const client = org.clients.find((c) => c.id === id);
      if (client) return { status: 200, body: authzSubject(org, client, client.roleDivisions) };
      throw notFound('Subject', id);
    },
  },
];
