/**
 * The diff engine: for every resource provisioning manages, what it would create, change or leave alone.
 *
 * It follows provisioning's own rules, so `plan` says what `provision` would do: OAuth clients and admins
 * are widened, never narrowed (a redirect URI or role the org added stays, one the spec wants and the org
 * lacks is drift); role permissions are only ever added; the identity provider is compared field by field.
 * Pure: the same input and state always give the same items.
 */
import { certificateBodyOf } from '../activities/identity-provider.js';
import { missingPermissions } from '../provisioning/permission-policies.js';
import { normaliseGrantType } from '../provisioning/grant-types.js';
import type {
  AdminWanted,
  IdentityProviderWanted,
  OAuthClientWanted,
  ProvisionInput,
} from '../provisioning/types.js';
import type { DriftItem, OrgState } from './types.js';

function item(kind: DriftItem['kind'], name: string, details: string[], absent = false): DriftItem {
  return { kind, name, action: absent ? 'create' : details.length > 0 ? 'change' : 'none', details };
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

export function diffCertificateBundle(state: OrgState): DriftItem {
  const { dir, missing } = state.bundle;
  if (missing.length === 4) return item('certificate', dir, [`no certificate bundle in ${dir}`], true);
  return item('certificate', dir, missing.length > 0 ? [`bundle files missing: ${missing.join(', ')}`] : []);
}

/** Role ids (and their division) a CLIENT-CREDENTIALS client should hold; unknown roles are reported apart. */
function wantedRoleDivisions(wanted: OAuthClientWanted, state: OrgState): string[] {
  const divisionId =
    wanted.division === '*'
      ? '*'
      : wanted.division === undefined || wanted.division === state.homeDivision.name
        ? state.homeDivision.id
        : wanted.division;
  return wanted.roles.flatMap((name) => {
    const role = state.roles[name];
    return role ? [`${role.id}/${divisionId}`] : [];
  });
}

export function diffOAuthClient(wanted: OAuthClientWanted, state: OrgState): DriftItem {
  const found = state.oauthClients[wanted.name] ?? [];
  if (found.length === 0) {
    return item('oauth-client', wanted.name, [`no OAuth client named "${wanted.name}"`], true);
  }
  const details: string[] = [];
  if (found.length > 1)
    details.push(`${found.length} clients bear this name; provisioning refuses until one is left`);
  const actual = found[0]!;
  const grantType = normaliseGrantType(actual.authorizedGrantType);
  if (grantType !== wanted.grantType) details.push(`grant type is ${grantType}, not ${wanted.grantType}`);
  if (actual.state !== undefined && actual.state !== 'active')
    details.push(`state is ${actual.state}, not active`);
  const missingUris = wanted.redirectUris.filter((uri) => !actual.registeredRedirectUri.includes(uri));
  if (missingUris.length > 0) details.push(`redirect URIs lack ${quoted(missingUris)}`);
  if (wanted.grantType === 'CLIENT-CREDENTIALS') {
    const held = new Set(actual.roleDivisions.map((rd) => `${rd.roleId}/${rd.divisionId}`));
    const roleIdToName = new Map(
      Object.values(state.roles).flatMap((r) => (r ? [[r.id, r.name] as const] : [])),
    );
    const lacking = wantedRoleDivisions(wanted, state).filter((rd) => !held.has(rd));
    if (lacking.length > 0) {
      details.push(`roles lack ${quoted(lacking.map((rd) => roleIdToName.get(rd.split('/')[0]!) ?? rd))}`);
    }
  }
  for (const role of wanted.roles) {
    if (!state.roles[role]) details.push(`role "${role}" does not exist in the org`);
  }
  return item('oauth-client', wanted.name, details);
}

/** Every field provisioning sets, plus the certificate against the local bundle's cert.pem. */
export function diffIdentityProvider(wanted: IdentityProviderWanted, state: OrgState): DriftItem {
  const actual = state.pureEngage;
  if (!actual) return item('identity-provider', wanted.name, ['no PureEngage identity provider'], true);
  const details: string[] = [];
  const fields = [
    'name',
    'issuerURI',
    'ssoTargetURI',
    'sloURI',
    'relyingPartyIdentifier',
    'nameIdentifierFormat',
  ] as const;
  for (const field of fields) {
    const want = wanted[field];
    if (want !== undefined && actual[field] !== want)
      details.push(`${field} is "${actual[field] ?? ''}", not "${want}"`);
  }
  if (Boolean(actual.autoProvisionUsers) !== wanted.autoProvisionUsers)
    details.push(
      `autoProvisionUsers is ${Boolean(actual.autoProvisionUsers)}, not ${wanted.autoProvisionUsers}`,
    );
  if (Boolean(actual.disabled) !== wanted.disabled)
    details.push(`disabled is ${Boolean(actual.disabled)}, not ${wanted.disabled}`);
  const local = state.bundle.certificateBody;
  const published = [actual.certificate, ...(actual.certificates ?? [])]
    .filter((c): c is string => Boolean(c))
    .map(certificateBodyOf);
  if (!local) {
    details.push(
      `no cert.pem in ${state.bundle.dir}: provisioning would generate a certificate and upload it`,
    );
  } else if (!published.includes(local)) {
    details.push(`its certificates do not include the one in ${state.bundle.dir}/cert.pem`);
  }
  return item('identity-provider', wanted.name, details);
}

export function diffRolePermissions(
  roleName: string,
  permissions: readonly string[],
  state: OrgState,
): DriftItem {
  const role = state.roles[roleName];
  if (!role) return item('role-permissions', roleName, [`role "${roleName}" does not exist in the org`]);
  const missing = missingPermissions(role.permissionPolicies, permissions);
  return item('role-permissions', roleName, missing.length > 0 ? [`lacks ${missing.join(', ')}`] : []);
}

export function diffAdmin(wanted: AdminWanted, state: OrgState): DriftItem {
  const user = state.users[wanted.email];
  const unknownRoles = wanted.roles.filter((r) => !state.roles[r]);
  const unknown = unknownRoles.map((r) => `role "${r}" does not exist in the org`);
  if (!user) return item('admin', wanted.email, [`no user with email ${wanted.email}`, ...unknown], true);
  const held = new Set(user.roleIds);
  const lacking = wanted.roles.filter((r) => {
    const role = state.roles[r];
    return role !== null && role !== undefined && !held.has(role.id);
  });
  return item('admin', wanted.email, [
    ...(lacking.length > 0 ? [`lacks role ${quoted(lacking)}`] : []),
    ...unknown,
  ]);
}

/** Every managed resource in provisioning's order: certificate, clients, roles, admins, identity provider. */
export function diffOrg(input: ProvisionInput, state: OrgState): DriftItem[] {
  return [
    diffCertificateBundle(state),
    ...input.oauthClients.map((c) => diffOAuthClient(c, state)),
    ...input.altocloud.roles.map((r) => diffRolePermissions(r, input.altocloud.permissions, state)),
    ...input.admins.map((a) => diffAdmin(a, state)),
    diffIdentityProvider(input.identityProvider, state),
  ];
}

export function hasDrift(items: readonly DriftItem[]): boolean {
  return items.some((i) => i.action !== 'none');
}
