/**
 * Reads what provisioning manages from an org, changing nothing and refusing nothing: unlike the preflight
 * (`inspectOrg`), a missing role or a second client of one name is not an error here but a fact to report.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BUNDLE_FILE_NAMES, existingBundleFiles } from '../certificate/artifacts.js';
import { roleNamesNeeded } from '../activities/inspect-org.js';
import { certificateBodyOf } from '../activities/identity-provider.js';
import {
  roleIdsOf,
  toClientSnapshot,
  toPermissionPolicies,
  toPureEngageSnapshot,
} from '../activities/snapshots.js';
import type { GenesysClient } from '../purecloud/index.js';
import type { ProvisionInput } from '../provisioning/types.js';
import type { LocalBundleState, OrgState } from './types.js';

export async function readLocalBundle(outputDir: string): Promise<LocalBundleState> {
  const dir = resolve(outputDir);
  const present = new Set(await existingBundleFiles(dir));
  const missing = Object.values(BUNDLE_FILE_NAMES).filter((name) => !present.has(name));
  let certificateBody: string | null = null;
  if (present.has(BUNDLE_FILE_NAMES.cert)) {
    certificateBody = certificateBodyOf(await readFile(join(dir, BUNDLE_FILE_NAMES.cert), 'utf8')) || null;
  }
  return { dir, missing, certificateBody };
}

export async function readOrgState(genesys: GenesysClient, input: ProvisionInput): Promise<OrgState> {
  const [org, home, providers, pureEngage, allClients, bundle] = await Promise.all([
    genesys.organization.me(),
    genesys.authorization.homeDivision(),
    genesys.identityProviders.list(),
    genesys.identityProviders.getPureEngage(),
    genesys.oauthClients.list(),
    readLocalBundle(input.outputDir),
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
  for (const admin of input.admins) {
    const user = await genesys.users.findByEmail(admin.email);
    users[admin.email] = user
      ? { id: user.id, roleIds: roleIdsOf(await genesys.users.getRoles(user.id)) }
      : null;
  }

  return {
    orgId: org.id,
    thirdPartyOrgName: org.thirdPartyOrgName ?? '',
    homeDivision: { id: home.id, name: home.name ?? '' },
    roles,
    oauthClients,
    identityProviders: providers.map((p) => ({ id: p.id ?? '', name: p.name, issuerURI: p.issuerURI })),
    pureEngage: pureEngage ? toPureEngageSnapshot(pureEngage) : null,
    users,
    bundle,
  };
}
