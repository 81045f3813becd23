/**
 * Whether the provisioning client may do what the run will do: the permissions each step needs, and the
 * role-holding rule. Judged at preflight from the client's own record and its roles' permissions, so a run
 * that would be refused half-way (and then have to undo) is refused before any change, naming what is
 * missing and how to fix it.
 *
 * Permissions: the SDK's "Requires ANY/ALL permissions" per operation (JSDOC `build/docs/<Name>Api.md` of
 * MyPureCloud/platform-client-sdk-javascript, collected in reference §3). ANY-of unless noted. Each step
 * needs what its changes and its undo call; the table is also in README.md ("Permissions the provisioning
 * client needs").
 *
 * Role-holding: an OAuth client can only give another client roles it holds itself (TF
 * `docs/resources/oauth_client.md`: "The roles must also already be assigned to the OAuth Client used by
 * Terraform"; help p=188025 "The same roles as the OAuth Client you plan to edit"). A create or update of a
 * client sends its whole `roleDivisions` (a PUT replaces the client), so the provisioning client must hold
 * every role in it, those the client had before the run too.
 */
import { missingPermissions } from '../provisioning/permission-policies.js';
import type { ProvisionInput, ProvisionerRights } from '../provisioning/types.js';
import type { Change, Problem, ResourceDecision } from './changes.js';

/** One permission need: any of `anyOf` will do. */
export interface PermissionNeed {
  /** The step, as the progress table names it: `preflight`, `oauth-client`, `admin`, ... */
  step: string;
  /** What the permission is for, e.g. `create a client (OAuthApi.postOauthClients)`. */
  for: string;
  anyOf: readonly string[];
}

const need = (step: string, what: string, ...anyOf: string[]): PermissionNeed => ({ step, for: what, anyOf });

/** What the preflight reads; `plan` and `verify` read the same (org-state/read-org-state.ts). */
export function readPermissionNeeds(input: Pick<ProvisionInput, 'admins'>): PermissionNeed[] {
  return [
    need(
      'preflight',
      'list OAuth clients, read its own (OAuthApi.getOauthClients, getOauthClient)',
      'oauth:client:view',
    ),
    need(
      'preflight',
      'read identity providers (IdentityProviderApi.getIdentityproviders, getIdentityprovidersPureengage)',
      'sso:provider:view',
    ),
    need(
      'preflight',
      'read roles (AuthorizationApi.getAuthorizationRoles, getAuthorizationRole)',
      'authorization:role:view',
    ),
    ...(input.admins.length > 0
      ? [need('preflight', "read admins' roles (UsersApi.getUserRoles)", 'authorization:grant:view')]
      : []),
  ];
}

/** What one change and its undo call. */
function changeNeeds(change: Change): PermissionNeed[] {
  switch (change.resource) {
    case 'certificate':
      return [];
    case 'oauth-client':
      return change.action === 'create'
        ? [
            need('oauth-client', 'create a client (OAuthApi.postOauthClients)', 'oauth:client:add'),
            // A lost create response is recovered by a new secret; undo deactivates the client, then deletes it.
            need(
              'oauth-client',
              'regenerate a lost secret, deactivate before delete (OAuthApi.postOauthClientSecret, putOauthClient)',
              'oauth:client:edit',
            ),
            need(
              'oauth-client',
              'undo: delete the client (OAuthApi.deleteOauthClient)',
              'oauth:client:delete',
            ),
          ]
        : [
            need(
              'oauth-client',
              'update the client, and undo (OAuthApi.putOauthClient)',
              'oauth:client:edit',
            ),
          ];
    case 'role-permissions':
      return [
        need(
          'role-permissions',
          'update the role, and undo (AuthorizationApi.putAuthorizationRole)',
          'authorization:role:edit',
        ),
      ];
    case 'identity-provider':
      return [
        need(
          'identity-provider',
          'create or update the PureEngage provider, and undo (IdentityProviderApi.putIdentityprovidersPureengage)',
          'sso:provider:add',
          'sso:provider:edit',
        ),
        ...(change.action === 'create'
          ? [
              need(
                'identity-provider',
                'undo: delete it (IdentityProviderApi.deleteIdentityprovidersPureengage)',
                'sso:provider:delete',
              ),
            ]
          : []),
      ];
    case 'admin':
      switch (change.action) {
        case 'create':
          return [
            need('admin', 'create the user (UsersApi.postUsers)', 'directory:user:add'),
            // A taken email of a soft-deleted user is restored with a PATCH (emulator's model; JSDOC patchUser unconfirmed).
            need('admin', 'restore a deleted user (UsersApi.patchUser)', 'directory:user:edit'),
            need(
              'admin',
              'undo: delete the user (UsersApi.deleteUser)',
              'admin',
              'directory:user:delete',
              'directory:organization:admin',
            ),
          ];
        case 'add-roles':
          return [
            need(
              'admin',
              "read and set the user's roles, and undo (UsersApi.getUserRoles, putUserRoles)",
              'authorization:grant:view',
            ),
            need(
              'admin',
              "set the user's roles, and undo (UsersApi.putUserRoles)",
              'authorization:grant:add',
            ),
          ];
        case 'invite':
          return [need('admin', 'send the invitation (UsersApi.postUserInvite)', 'directory:user:add')];
        case 'activate':
          return [need('admin', 'activate the user, and undo (UsersApi.patchUser)', 'directory:user:edit')];
      }
  }
}

/** Every permission the run needs: the reads, then what each decided change and its undo call. */
export function permissionNeeds(
  input: Pick<ProvisionInput, 'admins'>,
  decisions: readonly ResourceDecision[],
) {
  return [...readPermissionNeeds(input), ...decisions.flatMap((d) => d.changes.flatMap(changeNeeds))];
}

/** A need is met when one of its permissions is held: by a policy, or as a legacy flat permission. */
function met(rights: ProvisionerRights, anyOf: readonly string[]): boolean {
  return anyOf.some((permission) =>
    permission.split(':').length === 3
      ? missingPermissions(rights.permissionPolicies, [permission]).length === 0 ||
        rights.permissions.includes(permission)
      : rights.permissions.includes(permission),
  );
}

const whoAmI = (rights: ProvisionerRights) => `the provisioning client (${rights.clientId})`;

/** The needs the client does not meet, one problem per step, naming each permission and the fix. */
export function missingPermissionProblems(
  rights: ProvisionerRights,
  needs: readonly PermissionNeed[],
): Problem[] {
  const unmet = new Map<string, string[]>();
  for (const n of needs) {
    if (met(rights, n.anyOf)) continue;
    const text = n.anyOf.length === 1 ? n.anyOf[0]! : `one of ${n.anyOf.join(', ')}`;
    const lines = unmet.get(n.step) ?? [];
    const line = `${text} (${n.for})`;
    if (!lines.includes(line)) lines.push(line);
    unmet.set(n.step, lines);
  }
  return [...unmet].map(([step, lines]) => ({
    kind: 'invalid' as const,
    message:
      `${whoAmI(rights)} lacks permissions the ${step} step needs: ${lines.join('; ')}; ` +
      "add them to one of its roles, or give it a role that has them (Admin > Roles; the client's Roles tab)",
  }));
}

/**
 * Roles the run would give OAuth clients that the provisioning client does not hold: one problem per role,
 * naming the clients and the fix.
 */
export function roleHoldingProblems(
  rights: ProvisionerRights,
  decisions: readonly ResourceDecision[],
  roleNames: ReadonlyMap<string, string>,
): Problem[] {
  const held = new Set(rights.roles.map((r) => r.id));
  const lacking = new Map<string, string[]>();
  for (const change of decisions.flatMap((d) => d.changes)) {
    if (change.resource !== 'oauth-client') continue;
    for (const { roleId } of change.request.roleDivisions ?? []) {
      if (held.has(roleId)) continue;
      const clients = lacking.get(roleId) ?? [];
      if (!clients.includes(change.name)) clients.push(change.name);
      lacking.set(roleId, clients);
    }
  }
  return [...lacking].map(([roleId, clients]) => {
    const role = roleNames.get(roleId) ?? roleId;
    return {
      kind: 'invalid' as const,
      message:
        `${whoAmI(rights)} does not hold role "${role}", which it would give OAuth client ${clients.map((c) => `"${c}"`).join(', ')}; ` +
        `Genesys lets a client give only roles it holds itself: add "${role}" to the provisioning client's roles ` +
        "(Admin > OAuth > the client > Roles), or remove it from the spec's client",
    };
  });
}
