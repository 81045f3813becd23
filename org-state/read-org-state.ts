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
  AdminWanted,
  LocalBundleState,
  OAuthClientWanted,
  OrgState,
  ProvisionInput,
  ProvisionerRights,
} from '../provisioning/types.js';
import { userRoleIds, toClientSnapshot, toPermissionPolicies, toPureEngageSnapshot } from './snapshots.js';

/**
 * What the reader needs to know: the names to look up. A provisioning input is one; `hybrid import` builds one
 * from what it listed, to read the whole org through this same reader.
 */
export interface OrgStateQuery {
  oauthClients: readonly Pick<OAuthClientWanted, 'name' | 'roles'>[];
  altocloud: Pick<ProvisionInput['altocloud'], 'roles' | 'permissions'>;
  admins: readonly Pick<AdminWanted, 'email' | 'roles'>[];
  outputDir: string;
}

/** Every role the spec names: client grants, Altocloud roles, admin roles. */
export function roleNamesNeeded(input: OrgStateQuery): string[] {
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

/** Every permission of the org's catalog, as `domain:entity:action`. */
export async function readPermissionCatalog(genesys: GenesysClient): Promise<string[]> {
  const catalog = new Set<string>();
  for (const collection of await genesys.permissions.listAll()) {
    for (const [entity, perms] of Object.entries(collection.permissionMap ?? {})) {
      for (const perm of perms)
        catalog.add(`${perm.domain ?? collection.domain}:${perm.entityType ?? entity}:${perm.action}`);
    }
  }
  return [...catalog];
}

/** The wanted permissions the org's catalog does not list (`domain:entity:action`). */
async function permissionsNotInCatalog(genesys: GenesysClient, wanted: readonly string[]): Promise<string[]> {
  if (wanted.length === 0) return [];
  const catalog = new Set(await readPermissionCatalog(genesys));
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
 * A wanted admin as the org has it (found by the batched search below). The search may still show a user deleted
 * a moment ago (reads lag writes): its roles then answer 404, and it counts as absent.
 */
async function readAdmin(
  genesys: GenesysClient,
  user: { id: string; state?: string } | undefined,
): Promise<AdminSnapshot | null> {
  if (!user) return null;
  try {
    const roleIds = userRoleIds(await genesys.users.getRoles(user.id));
    return { id: user.id, roleIds, ...(user.state ? { state: user.state } : {}) };
  } catch (error) {
    if (error instanceof GenesysApiError && error.kind === 'not-found') return null;
    throw error;
  }
}

async function readRoles(genesys: GenesysClient, names: readonly string[]): Promise<OrgState['roles']> {
  const found = await Promise.all(names.map((name) => genesys.roles.findByName(name)));
  const roles: OrgState['roles'] = {};
  names.forEach((name, i) => {
    const role = found[i];
    roles[name] = role
      ? { id: role.id, name: role.name, permissionPolicies: toPermissionPolicies(role.permissionPolicies) }
      : null;
  });
  return roles;
}

/**
 * One search per EMAILS_PER_SEARCH admins, not one per admin: at the spec's cap of 100 admins the preflight stays
 * far under the per-token rate limit (300/min). Roles are read per user found, together: the search's `expand` is
 * best effort ("not guaranteed to be returned", SDK UsersApi.getUsers docs), GET /users/{id}/roles is not.
 */
async function readUsers(genesys: GenesysClient, emails: readonly string[]): Promise<OrgState['users']> {
  const found = await genesys.users.findByEmails(emails);
  const users = await Promise.all(emails.map((email) => readAdmin(genesys, found.get(email.toLowerCase()))));
  return Object.fromEntries(emails.map((email, i) => [email, users[i]!] as const));
}

/**
 * Every read is independent of the others except a user's roles and the provisioner's roles (which need the
 * user's and the client's records), so they are issued together: the org's latency is paid about twice (token,
 * then the reads), not once per read. The two-step reads go first: the client keeps a few connections per origin
 * (purecloud/http.ts), and a first step that waits for one delays its second step; a one-step read can wait.
 * (bench:verify: the user search and the client record queued behind 8 one-step reads, +50 ms.)
 */
export async function readOrgState(
  genesys: GenesysClient,
  input: OrgStateQuery,
  /** The rights the preflight already read (it checks them first); read here otherwise. */
  provisioner?: ProvisionerRights,
): Promise<OrgState> {
  const [users, rights, org, home, notInCatalog, providers, pureEngage, allClients, bundle, roles, employee] =
    await Promise.all([
      readUsers(
        genesys,
        input.admins.map((a) => a.email),
      ),
      provisioner ?? readProvisionerRights(genesys),
      genesys.organization.me(),
      genesys.authorization.homeDivision(),
      permissionsNotInCatalog(genesys, input.altocloud.permissions),
      genesys.identityProviders.list(),
      genesys.identityProviders.getPureEngage(),
      genesys.oauthClients.list(),
      readLocalBundle(input.outputDir),
      readRoles(genesys, roleNamesNeeded(input)),
      input.admins.length > 0 ? genesys.roles.list({ defaultRoleId: ['employee'] }) : undefined,
    ]);

  const oauthClients: OrgState['oauthClients'] = {};
  for (const wanted of input.oauthClients) {
    oauthClients[wanted.name] = allClients
      .filter((c) => c.name === wanted.name && c.state !== 'deleted')
      .map(toClientSnapshot);
  }

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
