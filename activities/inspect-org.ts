/**
 * Preflight: read everything the run will touch, once, before changing anything.
 *
 * The snapshot it returns is recorded in the workflow history. Every later step compares against it, and
 * every compensation is derived from it, so an undo never depends on a response that may have been lost.
 * Problems that would make the run fail half-way (a role that does not exist, a permission the org's
 * catalog lacks, an issuer URI another identity provider already uses, a resource `onExisting: fail`
 * forbids touching) are all reported here, together, as one non-retryable failure.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FILE_NAMES } from '../certificate/artifacts.js';
import type { GenesysClient } from '../purecloud/index.js';
import { roleIdsOf, toClientSnapshot, toPermissionPolicies, toPureEngageSnapshot } from './snapshots.js';
import { normaliseGrantType } from '../provisioning/grant-types.js';
import type { OrgSnapshot, ProvisionInput } from '../provisioning/types.js';
import { mapFailures, nonRetryable } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

export function roleNamesNeeded(input: ProvisionInput): string[] {
  const names = [
    ...input.oauthClients.flatMap((c) => c.roles),
    ...input.altocloud.roles,
    ...input.admins.flatMap((a) => a.roles),
  ];
  return [...new Set(names)];
}

async function permissionCatalog(genesys: GenesysClient): Promise<Set<string>> {
  const catalog = new Set<string>();
  for (const collection of await genesys.permissions.listAll()) {
    for (const [entity, perms] of Object.entries(collection.permissionMap ?? {})) {
      for (const perm of perms)
        catalog.add(`${perm.domain ?? collection.domain}:${perm.entityType ?? entity}:${perm.action}`);
    }
  }
  return catalog;
}

async function bundleExists(dir: string): Promise<boolean> {
  const present = await Promise.all(
    Object.values(BUNDLE_FILE_NAMES).map((name) =>
      access(join(dir, name)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return present.some(Boolean);
}

async function inspectOrgUnmapped(input: ProvisionInput): Promise<OrgSnapshot> {
  const genesys = await genesysClientFor(input.target);
  const problems: string[] = [];
  const conflicts: string[] = [];

  const [org, home, catalog, providers, pureEngage, allClients] = await Promise.all([
    genesys.organization.me(),
    genesys.authorization.homeDivision(),
    permissionCatalog(genesys),
    genesys.identityProviders.list(),
    genesys.identityProviders.getPureEngage(),
    genesys.oauthClients.list(),
  ]);

  const roles: OrgSnapshot['roles'] = {};
  for (const name of roleNamesNeeded(input)) {
    const role = await genesys.roles.findByName(name);
    if (!role) problems.push(`role "${name}" does not exist in the org (check the role names in the spec)`);
    else
      roles[name] = {
        id: role.id,
        name: role.name,
        permissionPolicies: toPermissionPolicies(role.permissionPolicies),
      };
  }

  for (const perm of input.altocloud.permissions) {
    if (!catalog.has(perm))
      problems.push(`altocloud.permissions: "${perm}" is not in the org's permission catalog`);
  }

  const divisions: Record<string, string> = { '*': '*', [home.name ?? '']: home.id };
  for (const wanted of input.oauthClients) {
    if (wanted.division !== undefined && !(wanted.division in divisions)) {
      problems.push(
        `oauthClients "${wanted.name}": division "${wanted.division}" is not the home division ("${home.name ?? ''}"); ` +
          "name the home division, use '*' for all divisions, or omit it",
      );
    }
  }

  const oauthClients: OrgSnapshot['oauthClients'] = {};
  for (const wanted of input.oauthClients) {
    const existing = allClients
      .filter((c) => c.name === wanted.name && c.state !== 'deleted')
      .map(toClientSnapshot);
    oauthClients[wanted.name] = existing;
    if (existing.length > 1) {
      problems.push(
        `oauthClients "${wanted.name}": ${existing.length} clients already bear this name; rename or delete all but one`,
      );
    } else if (existing[0] && normaliseGrantType(existing[0].authorizedGrantType) !== wanted.grantType) {
      problems.push(
        `oauthClients "${wanted.name}": a client of that name exists with grant type ${existing[0].authorizedGrantType}, not ${wanted.grantType}; rename one of them`,
      );
    } else if (existing[0] && input.onExisting === 'fail') {
      conflicts.push(`OAuth client "${wanted.name}" (${existing[0].id})`);
    }
  }

  const sameIssuer = providers.filter(
    (p) => p.issuerURI === input.identityProvider.issuerURI && (!pureEngage || p.id !== pureEngage.id),
  );
  if (sameIssuer.length > 0) {
    const names = sameIssuer.map((p) => `"${p.name ?? p.id}"`).join(', ');
    throw nonRetryable(
      'IssuerConflict',
      `identityProvider.issuerURI "${input.identityProvider.issuerURI}" is already used by identity provider ${names}; ` +
        'two identity providers must not share an issuer URI: change the issuer URI or remove the other provider',
    );
  }
  if (pureEngage && input.onExisting === 'fail') conflicts.push('the PureEngage identity provider');

  const users: OrgSnapshot['users'] = {};
  for (const admin of input.admins) {
    const user = await genesys.users.findByEmail(admin.email);
    if (!user) {
      users[admin.email] = null;
      continue;
    }
    const auth = await genesys.users.getRoles(user.id);
    users[admin.email] = { id: user.id, roleIds: roleIdsOf(auth) };
    if (input.onExisting === 'fail') conflicts.push(`user ${admin.email}`);
  }

  if (problems.length > 0) {
    throw nonRetryable(
      'InvalidInput',
      `the org cannot be provisioned as specified:\n- ${problems.join('\n- ')}`,
    );
  }
  if (conflicts.length > 0) {
    throw nonRetryable(
      'AlreadyExists',
      `onExisting is "fail" and these already exist: ${conflicts.join(', ')}; set onExisting: adopt to take them over`,
    );
  }

  return {
    orgId: org.id,
    thirdPartyOrgName: org.thirdPartyOrgName ?? '',
    homeDivisionId: home.id,
    divisions,
    roles,
    oauthClients,
    pureEngage: pureEngage ? toPureEngageSnapshot(pureEngage) : null,
    users,
    bundleExisted: await bundleExists(input.outputDir),
  };
}

export const inspectOrg = mapFailures(inspectOrgUnmapped);
