/**
 * Hand-made org shapes for the import round trip, built in the emulator over HTTP as an administrator would
 * build them (no provisioning involved): OAuth clients, journey permissions on roles, admin users, and a
 * PureEngage identity provider trusting a certificate whose bundle lies on disk.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBundle } from '../../../certificate/artifacts.js';
import { generateCertificateBundle } from '../../../certificate/bundle.js';
import { describeCertificate } from '../../../certificate/describe.js';
import type { CreatedOrg } from '../../../emulator/routes/control.js';
import { createGenesysClient, type GenesysClient } from '../../../purecloud/index.js';
import type { OAuthClient, OAuthClientRequest, PureEngageProvider } from '../../../purecloud/types.js';
import { EmulatorControlClient } from '../provisioning/emulator-control.js';

export const KEY_PASSWORD = 'import test key password';

export interface ShapedOrg {
  created: CreatedOrg;
  slug: string;
  genesys: GenesysClient;
  /** A folder holding the id, secret and key password files, and (when made) the bundle in `bundle/`. */
  dir: string;
  /** `file:` references to the admin client's id and secret and to the key password. */
  refs: { clientId: string; clientSecret: string; keyPassword: string };
  /** SHA-256 fingerprint of the bundle's certificate, when one was made. */
  fingerprint?: string;
  close(): Promise<void>;
}

export async function newOrg(emulatorUrl: string, label: string): Promise<ShapedOrg> {
  const created = await new EmulatorControlClient(emulatorUrl).createOrg(
    `${label}-${randomBytes(3).toString('hex')}`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'hybrid-import-'));
  await writeFile(join(dir, 'client-id'), `${created.adminClientId}\n`, { mode: 0o600 });
  await writeFile(join(dir, 'client-secret'), `${created.adminClientSecret}\n`, { mode: 0o600 });
  await writeFile(join(dir, 'key-password'), `${KEY_PASSWORD}\n`, { mode: 0o600 });
  const genesys = createGenesysClient({
    environment: emulatorUrl,
    clientId: created.adminClientId,
    clientSecret: created.adminClientSecret,
  });
  return {
    created,
    slug: created.thirdPartyOrgName.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
    genesys,
    dir,
    refs: {
      clientId: `file:${join(dir, 'client-id')}`,
      clientSecret: `file:${join(dir, 'client-secret')}`,
      keyPassword: `file:${join(dir, 'key-password')}`,
    },
    close: () => genesys.close(),
  };
}

/** A certificate bundle in `<dir>/bundle` (as provisioning writes it), and its certificate's base64 body. */
export async function makeBundle(
  org: ShapedOrg,
  options: { subject: string; keyFormat: 'traditional' | 'pkcs8' },
): Promise<{ dir: string; body: string }> {
  const bundle = await generateCertificateBundle(
    { days: 30, keyBits: 2048, subject: options.subject, keyFormat: options.keyFormat },
    KEY_PASSWORD,
  );
  const dir = join(org.dir, 'bundle');
  await writeBundle(dir, bundle, { force: false });
  const description = describeCertificate(bundle.certPem);
  org.fingerprint = description.sha256Fingerprint;
  return { dir, body: description.certificateBody };
}

/**
 * A client as an administrator makes it. A client can only give roles it holds itself (the emulator models the
 * rule, emulator/README.md), so the org's admin client is first granted the roles the new client gets.
 */
export async function addClient(org: ShapedOrg, request: OAuthClientRequest): Promise<OAuthClient> {
  const roleIds = [...new Set((request.roleDivisions ?? []).map((rd) => rd.roleId))];
  if (roleIds.length > 0) {
    await org.genesys.authorization.bulkAddGrants(
      org.created.adminClientId,
      roleIds.map((roleId) => ({ roleId, divisionId: '*' })),
      'PC_OAUTH_CLIENT',
    );
  }
  return org.genesys.oauthClients.create(request);
}

export async function roleId(org: ShapedOrg, name: string): Promise<string> {
  const role = await org.genesys.roles.findByName(name);
  if (!role) throw new Error(`no role ${name} in the emulator org`);
  return role.id;
}

/** Adds permission policies to a role (the PUT replaces its whole set, so the role's own are kept). */
export async function grantToRole(
  org: ShapedOrg,
  name: string,
  policies: { domain: string; entityName: string; actionSet: string[] }[],
): Promise<void> {
  const role = await org.genesys.roles.findByName(name);
  if (!role) throw new Error(`no role ${name} in the emulator org`);
  await org.genesys.roles.update(role.id, {
    name: role.name,
    description: role.description,
    permissionPolicies: [...(role.permissionPolicies ?? []), ...policies],
  });
}

/** A user holding `roles`, and employee, which every user keeps (it cannot be removed). */
export async function addUser(org: ShapedOrg, name: string, email: string, roles: string[]): Promise<void> {
  const user = await org.genesys.users.create({
    name,
    email,
    divisionId: org.created.homeDivisionId,
    state: 'active',
  });
  const held = [...new Set(['employee', ...roles])];
  await org.genesys.users.setRoles(user.id, await Promise.all(held.map((r) => roleId(org, r))));
}

export async function putProvider(org: ShapedOrg, body: PureEngageProvider): Promise<void> {
  await org.genesys.identityProviders.putPureEngage(body);
}
