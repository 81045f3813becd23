/**
 * The one reader of an org: what provisioning manages, read without changing anything and refusing nothing.
 * The preflight (`inspectOrg`) records its result in workflow history and refuses on the decisions'
 * problems; `plan` and `verify` judge the same result with the same decisions.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BUNDLE_FILE_NAMES, existingBundleFiles } from '../certificate/artifacts.js';
import { certificateBodyOf } from '../decisions/certificate-body.js';
import type { GenesysClient } from '../purecloud/index.js';
import { GenesysApiError } from '../purecloud/errors.js';
import type {
  AdminSnapshot,
  LocalBundleState,
  OrgState,
  ProvisionInput,
  ProvisionerRights,
} from '../provisioning/types.js';
import { roleIdsOf, toClientSnapshot, toPermissionPolicies, toPureEngageSnapshot } from './snapshots.js';

/** Every role the spec names: client grants, Altocloud roles, admin roles. */
export function roleNamesNeeded(input: ProvisionInput): string[] {
  const names = [
    ...input.oauthClients.flatMap((c) => c.roles),
    ...input.altocloud.roles,
    ...input.admins.flatMap((a) => a.roles),
  ];
  return [...new Set(names)];
}

export async function readLocalBundle(outputDir: string): Promise<LocalBundleState> {
  const dir = resolve(outputDir);
  const present = new Set(await existingBundleFiles(dir));
  const missing = Object.values(BUNDLE_FILE_NAMES).filter((name) => !present.has(name));
  let certificateBody: string | null = null;
  if (present.has(BUNDLE_FILE_NAMES.cert)) {
    const pem = await readFile(join(dir, BUNDLE_FILE_NAMES.cert), 'utf8').catch(() => '');
    certificateBody = certificateBodyOf(pem) || null;
  }
  return { dir, missing, certificateBody };
}

/** The wanted permissions the org's catalog does not list (`domain:entity:action`). */
async function permissionsNotInCatalog(genesys: GenesysClient, wanted: readonly string[]): Promise<string[]> {
  if (wanted.length === 0) return [];
  const catalog = new Set<string>();
  for (const collection of await genesys.permissions.listAll()) {
    for (const [entity, perms] of Object.entries(collection.permissionMap ?? {})) {
      for (const perm of perms)
        catalog.add(`${perm.domain ?? collection.domain}:${perm.entityType ?? entity}:${perm.action}`);
    }
  }
  return wanted.filter((perm) => !catalog.has(perm));
}

/**
 * The provisioning client itself: its own record (`GET /api/v2/oauth/clients/{its id}` returns
 * `roleDivisions`, SDK OAuthApi.getOauthClient) and the roles it holds, with their permissions. A client that
 * cannot be read holds nothing as far as the run can tell.
 */
export async function readProvisionerRights(genesys: GenesysClient): Promise<ProvisionerRights> {
  const own = await genesys.oauthClients.get(genesys.clientId);
  const roleIds = [
    ...new Set([...(own?.roleDivisions ?? []).map((rd) => rd.roleId), ...(own?.roleIds ?? [])]),
  ];
  const roles = (await Promise.all(roleIds.map((id) => genesys.roles.get(id)))).filter((r) => r !== null);
  return {
    clientId: genesys.clientId,
    roles: roles.map((r) => ({ id: r.id, name: r.name })),
    permissionPolicies: roles.flatMap((r) => toPermissionPolicies(r.permissionPolicies)),
    permissions: [...new Set(roles.flatMap((r) => r.permissions ?? []))],
  };
}

/**
 * A wanted admin as the org has it. The search may still show a user deleted a moment ago (reads lag
 * writes): its roles then answer 404, and it counts as absent.
 */
async function readAdmin(genesys: GenesysClient, email: string): Promise<AdminSnapshot | null> {
  const user = await genesys.users.findByEmail(email);
  if (!user) return null;
  try {
    const roleIds = roleIdsOf(await genesys.users.getRoles(user.id));
    return { id: user.id, roleIds, ...(user.state ? { state: user.state } : {}) };
  } catch (error) {
    if (error instanceof GenesysApiError && error.kind === 'not-found') return null;
    throw error;
  }
}

/** `provisioner`: the rights the preflight already read, else they are read here. */
export async function readOrgState(
  genesys: GenesysClient,
  input: ProvisionInput,
  provisioner?: ProvisionerRights,
): Promise<OrgState> {
  const [org, home, notInCatalog, providers, pureEngage, allClients, bundle, employee, rights] =
    await Promise.all([
      genesys.organization.me(),
      genesys.authorization.homeDivision(),
      permissionsNotInCatalog(genesys, input.altocloud.permissions),
      genesys.identityProviders.list(),
      genesys.identityProviders.getPureEngage(),
      genesys.oauthClients.list(),
      readLocalBundle(input.outputDir),
      input.admins.length > 0 ? genesys.roles.list({ defaultRoleId: ['employee'] }) : undefined,
      provisioner ?? readProvisionerRights(genesys),
    ]);

  const roles: OrgState['roles'] = {};
  for (const name of roleNamesNeeded(input)) {
    const role = await genesys.roles.findByName(name);
    roles[name] = role
      ? { id: role.id, name: role.name, permissionPolicies: toPermissionPolicies(role.permissionPolicies) }
      : null;
  }

  const oauthClients: OrgState['oauthClients'] = {};
  for (const wanted of input.oauthClients) {
    oauthClients[wanted.name] = allClients
      .filter((c) => c.name === wanted.name && c.state !== 'deleted')
      .map(toClientSnapshot);
  }

  const users: OrgState['users'] = {};
  for (const admin of input.admins) users[admin.email] = await readAdmin(genesys, admin.email);
  const employeeRoleId = employee?.entities?.find((r) => r.defaultRoleId === 'employee')?.id;

  return {
    orgId: org.id,
    thirdPartyOrgName: org.thirdPartyOrgName ?? '',
    homeDivision: { id: home.id, name: home.name ?? '' },
    roles,
    permissionsNotInCatalog: notInCatalog,
    oauthClients,
    identityProviders: providers.map((p) => ({ id: p.id ?? '', name: p.name, issuerURI: p.issuerURI })),
    pureEngage: pureEngage ? toPureEngageSnapshot(pureEngage) : null,
    users,
    ...(employeeRoleId ? { employeeRoleId } : {}),
    provisioner: rights,
    bundle,
  };
}
