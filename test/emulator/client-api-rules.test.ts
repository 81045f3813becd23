/**
 * The client honours the real API's rules (issue 10, phase B), activity by activity over HTTP against the
 * emulator that models them (emulator/README.md "Rules modelled"): role-holding and permissions at preflight,
 * admins created active and invited, the employee role on undo, whole-object PUTs of clients (scopes) and of
 * the PureEngage provider, and reads that lag writes. Each test fails on the client before phase B.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin, undoAdmin } from '../../activities/admin.js';
import { generateCertificate } from '../../activities/certificate.js';
import { CONSISTENCY_BOUND_ENV } from '../../activities/failures.js';
import { ensureIdentityProvider, restoreIdentityProvider } from '../../activities/identity-provider.js';
import { inspectOrg } from '../../activities/inspect-org.js';
import { ensureOAuthClient, undoOAuthClient } from '../../activities/oauth-client.js';
import { inspectRotation, trustCertificates } from '../../activities/rotation-provider.js';
import { adminTarget } from '../../decisions/admin.js';
import { oauthClientGrants } from '../../decisions/oauth-client.js';
import { diffOrg } from '../../drift/diff.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { readOrgState } from '../../org-state/read-org-state.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import type { GenesysClient } from '../../purecloud/index.js';
import type { PureEngageProvider } from '../../purecloud/types.js';
import { activityOrg, resetAfterActivityTest, writesIn } from './activity-org.js';
import { withEmulator } from './sdk.js';

let emulator: RunningEmulator;
let certificateBody: string;
let bundleDir: string;
let newCertificateBody: string;
let orgCount = 0;
const open: GenesysClient[] = [];

async function certificateIn(dir: string, cn: string): Promise<string> {
  return (
    await generateCertificate({
      outDir: dir,
      options: { days: 30, keyBits: 2048, subject: `CN=${cn}`, keyFormat: 'traditional' },
      password: { value: 'pw' },
      force: false,
    })
  ).certificateBody;
}

beforeAll(async () => {
  emulator = await withEmulator({ rateLimitPerMinute: 0 });
  bundleDir = await mkdtemp(join(tmpdir(), 'hybrid-rules-bundle-'));
  certificateBody = await certificateIn(bundleDir, 'Rules');
  newCertificateBody = await certificateIn(await mkdtemp(join(tmpdir(), 'hybrid-rules-new-')), 'New');
});
afterEach(() => resetAfterActivityTest(emulator, open));
afterAll(() => emulator?.close());

interface Org {
  input: ProvisionInput;
  genesys: GenesysClient;
  id: string;
}

/** A fresh org whose admin client holds `roles`, and a spec for it with `overrides` at its top level. */
async function freshOrg(
  overrides: Record<string, unknown> = {},
  roles = ['Admin', 'employee'],
): Promise<Org> {
  orgCount += 1;
  const org = await activityOrg(emulator, `rules-${orgCount}`, overrides, roles);
  open.push(org.genesys);
  return org;
}

/** Write requests to the Platform API since the log was last cleared. */
const writes = () => writesIn(emulator.control.requests());

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as { type?: string; message: string },
  );

describe('preflight: the provisioning client may do what the run will do', () => {
  it('refuses before any change when the client lacks a role it would give a client, naming the role and the fix', async () => {
    // The usual first run: an admin client holding Admin but not employee, which the Pacing client gets.
    const org = await freshOrg({}, ['Admin']);
    emulator.control.clearRequests();
    const failure = await failureOf(inspectOrg(org.input));
    expect(failure.type).toBe('InvalidInput');
    expect(failure.message).toContain(
      'does not hold role "employee", which it would give OAuth client "Pacing"',
    );
    expect(failure.message).toContain('add "employee" to the provisioning client\'s roles');
    expect(writes()).toEqual([]);
  });

  it('names each permission a step needs that its roles lack', async () => {
    const org = await freshOrg();
    const admin = (await org.genesys.roles.findByName('Admin'))!;
    // Admin without oauth:client:delete: the run could create clients but not undo them.
    await org.genesys.roles.update(admin.id, {
      name: admin.name,
      permissions: admin.permissions,
      permissionPolicies: [
        ...(admin.permissionPolicies ?? []).filter((p) => p.domain !== 'oauth'),
        { domain: 'oauth', entityName: 'client', actionSet: ['view', 'add', 'edit'] },
      ],
    });
    emulator.control.clearRequests();
    const failure = await failureOf(inspectOrg(org.input));
    expect(failure.type).toBe('InvalidInput');
    expect(failure.message).toMatch(
      /lacks permissions the oauth-client step needs: oauth:client:delete \(undo: delete the client/,
    );
    expect(failure.message).not.toContain('oauth:client:add');
    expect(writes()).toEqual([]);
  });
});

describe('admins: created active and invited, found whatever their state, undone without touching employee', () => {
  it('creates the admin active and sends one invitation; an inactive admin is drift', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before: null };
    const created = await ensureAdmin(input);
    // A retried step sends no second e-mail.
    await ensureAdmin(input);
    const user = emulator.control.orgState(org.id)!.users.find((u) => u.id === created.id)!;
    expect(user).toMatchObject({ state: 'active', invitationsSent: 1 });
    expect((await readOrgState(org.genesys, org.input)).users[wanted.email]).toMatchObject({
      state: 'active',
    });

    await org.genesys.users.setState(created.id, 'inactive');
    const after = await readOrgState(org.genesys, org.input);
    expect(after.users[wanted.email]).toMatchObject({ id: created.id, state: 'inactive' });
    expect(diffOrg(org.input, after).find((i) => i.kind === 'admin')).toMatchObject({
      action: 'change',
      details: ['the account is inactive, not active: it cannot sign in'],
    });
  });

  it('with invite: false, creates the admin active and sends no invitation', async () => {
    const org = await freshOrg({
      admins: [{ name: 'Jane', email: 'quiet@rules.example.com', invite: false }],
    });
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    const { id } = await ensureAdmin({
      target: org.input.target,
      wanted,
      ...adminTarget(wanted, state),
      before: null,
    });
    const user = emulator.control.orgState(org.id)!.users.find((u) => u.id === id)!;
    expect(user.state).toBe('active');
    expect(user.invitationsSent).toBeUndefined();
  });

  it('undoing a created admin whose spec roles include employee strips the rest and never sends an empty list', async () => {
    const org = await freshOrg({
      admins: [{ name: 'Jane', email: 'both@rules.example.com', roles: ['Admin', 'employee'] }],
    });
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before: null };
    const { id } = await ensureAdmin(input);
    emulator.control.clearRequests();
    await undoAdmin({ ...input, email: wanted.email });
    const dump = emulator.control.orgState(org.id)!;
    expect(dump.users.find((u) => u.id === id)?.state).toBe('deleted');
    expect(dump.grants.filter((g) => g.subjectId === id).map((g) => g.roleId)).toEqual([
      state.employeeRoleId,
    ]);
    expect(emulator.control.requests().filter((e) => e.status >= 400)).toEqual([]);
  });

  it('undoing an adopted admin takes back only the roles the run added, keeping ones granted since', async () => {
    const org = await freshOrg();
    const wanted = org.input.admins[0]!;
    const home = await org.genesys.authorization.homeDivision();
    const user = await org.genesys.users.create({
      name: 'Jane',
      email: wanted.email,
      divisionId: home.id,
      state: 'active',
    });
    const state = await readOrgState(org.genesys, org.input);
    const before = state.users[wanted.email]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before };
    await ensureAdmin(input);
    const supervisor = (await org.genesys.roles.findByName('Supervisor'))!.id;
    const held = (await org.genesys.users.getRoles(user.id)).roles!.map((r) => r.id!);
    await org.genesys.users.setRoles(user.id, [...held, supervisor]);

    await undoAdmin({ ...input, email: wanted.email });
    const roles = (await org.genesys.users.getRoles(user.id)).roles!.map((r) => r.id).sort();
    expect(roles).toEqual([state.employeeRoleId, supervisor].sort());
  });
});

describe('OAuth clients: whole-object PUTs keep what the client had; scopes', () => {
  const runMarker = '[hybrid-provisioner run=rules]';

  it('adopting keeps scope, description, token validity and role grants beyond ours; plan reports scope drift', async () => {
    const org = await freshOrg({
      oauthClients: [
        {
          name: 'PureEngage WDE',
          grantType: 'SAML2-BEARER',
          redirectUris: ['https://apps.mypurecloud.com'],
          scopes: ['users:readonly', 'authorization:readonly'],
        },
        { name: 'Pacing', grantType: 'CLIENT-CREDENTIALS', roles: ['employee'] },
      ],
    });
    const existing = await org.genesys.oauthClients.create({
      name: 'PureEngage WDE',
      authorizedGrantType: 'SAML2-BEARER',
      description: 'made by hand',
      registeredRedirectUri: ['https://kept.example.com'],
      scope: ['users:readonly', 'analytics'],
      accessTokenValiditySeconds: 3600,
    });
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.oauthClients[0]!;
    expect(diffOrg(org.input, state).find((i) => i.name === wanted.name)?.details).toContain(
      'scopes lack "authorization:readonly"',
    );
    const input = {
      target: org.input.target,
      runMarker,
      wanted,
      before: state.oauthClients[wanted.name]!,
      ...oauthClientGrants(wanted, state),
      outputDir: org.input.outputDir,
    };
    await ensureOAuthClient(input);
    expect(await org.genesys.oauthClients.get(existing.id)).toMatchObject({
      description: 'made by hand',
      accessTokenValiditySeconds: 3600,
      scope: ['users:readonly', 'analytics', 'authorization:readonly'],
      registeredRedirectUri: ['https://kept.example.com', 'https://apps.mypurecloud.com'],
    });
    expect(
      diffOrg(org.input, await readOrgState(org.genesys, org.input)).find((i) => i.name === wanted.name)
        ?.action,
    ).toBe('none');

    await undoOAuthClient({ ...input, name: wanted.name });
    expect(await org.genesys.oauthClients.get(existing.id)).toMatchObject({
      scope: ['users:readonly', 'analytics'],
      registeredRedirectUri: ['https://kept.example.com'],
    });
  });

  it('widening a client keeps role grants beyond ours', async () => {
    const org = await freshOrg({}, ['Admin', 'employee', 'Supervisor']);
    const supervisor = (await org.genesys.roles.findByName('Supervisor'))!.id;
    const home = await org.genesys.authorization.homeDivision();
    const existing = await org.genesys.oauthClients.create({
      name: 'Pacing',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: supervisor, divisionId: home.id }],
      accessTokenValiditySeconds: 600,
      description: 'kept',
    });
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.oauthClients[1]!;
    await ensureOAuthClient({
      target: org.input.target,
      runMarker,
      wanted,
      before: state.oauthClients[wanted.name]!,
      ...oauthClientGrants(wanted, state),
      outputDir: org.input.outputDir,
    });
    const after = (await org.genesys.oauthClients.get(existing.id))!;
    expect(after).toMatchObject({ accessTokenValiditySeconds: 600, description: 'kept' });
    expect(after.roleDivisions!.map((rd) => rd.roleId).sort()).toEqual(
      [supervisor, state.employeeRoleId].sort(),
    );
  });
});

describe('the PureEngage provider, whole: one read-modify-write path', () => {
  const extra = {
    sloBinding: 'HTTP Redirect',
    ssoBinding: 'HTTP Post',
    displayOnLogin: true,
    signAuthnRequests: true,
    forceAuthn: true,
    providerName: 'PureEngage GWS',
    metadataURL: 'https://gws.example.com/metadata',
    logoImageData: 'iVBORw0KGgo=',
  };

  it('adopting and restoring keep every field the spec does not set, and the certificates it trusted', async () => {
    const org = await freshOrg();
    const wanted = org.input.identityProvider;
    await org.genesys.identityProviders.putPureEngage({
      name: 'Old',
      issuerURI: wanted.issuerURI,
      ssoTargetURI: 'https://old.example.com',
      sloURI: 'https://old.example.com/slo',
      certificate: newCertificateBody,
      certificates: [newCertificateBody],
      ...extra,
    });
    const before = (await readOrgState(org.genesys, org.input)).pureEngage;
    await ensureIdentityProvider({ target: org.input.target, wanted, certificateBody, before });
    const adopted = (await org.genesys.identityProviders.getPureEngage())!;
    expect(adopted).toMatchObject({
      ...extra,
      sloURI: 'https://old.example.com/slo',
      ssoTargetURI: wanted.ssoTargetURI,
    });
    expect(adopted.certificates).toEqual([certificateBody, newCertificateBody]);

    await restoreIdentityProvider({ target: org.input.target, before });
    expect(await org.genesys.identityProviders.getPureEngage()).toMatchObject({
      ...extra,
      name: 'Old',
      ssoTargetURI: 'https://old.example.com',
      certificate: newCertificateBody,
      certificates: [newCertificateBody],
    });
  });

  it('provisioning during a rotation keeps the new certificate; rotation keeps a field changed since its preflight', async () => {
    const org = await freshOrg({ output: bundleDir });
    const wanted = org.input.identityProvider;
    // Mid-rotation: the provisioned certificate primary, the new one trusted beside it.
    await org.genesys.identityProviders.putPureEngage({
      name: wanted.name,
      issuerURI: wanted.issuerURI,
      ssoTargetURI: 'https://drifted.example.com',
      certificate: certificateBody,
      certificates: [certificateBody, newCertificateBody],
      autoProvisionUsers: true,
      ...extra,
    });
    const before = (await readOrgState(org.genesys, org.input)).pureEngage;
    await ensureIdentityProvider({ target: org.input.target, wanted, certificateBody, before });
    const provisioned = (await org.genesys.identityProviders.getPureEngage())!;
    expect(provisioned.ssoTargetURI).toBe(wanted.ssoTargetURI);
    expect(provisioned.certificates).toEqual([certificateBody, newCertificateBody]);

    const snapshot = await inspectRotation({
      target: org.input.target,
      outputDir: bundleDir,
      password: { value: 'pw' },
    });
    // An administrator turns the login button off after the rotation's preflight read the provider.
    await org.genesys.identityProviders.putPureEngage({
      ...(provisioned as PureEngageProvider),
      displayOnLogin: false,
    });
    await trustCertificates({
      target: org.input.target,
      base: snapshot.provider,
      certificate: certificateBody,
      certificates: [certificateBody, newCertificateBody],
    });
    expect(await org.genesys.identityProviders.getPureEngage()).toMatchObject({
      ...extra,
      displayOnLogin: false,
    });
  });
});

describe('reads lag writes (emulator lag 2,000 ms)', () => {
  it('creates, grants and invites an admin, then undoes it, without a 404 or 409 failing the step', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    emulator.control.setConsistencyLag(2_000);
    process.env[CONSISTENCY_BOUND_ENV] = '10000';
    const wanted = org.input.admins[0]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before: null };
    const { id } = await ensureAdmin(input);
    const dump = emulator.control.orgState(org.id)!;
    expect(dump.grants.filter((g) => g.subjectId === id).map((g) => g.roleId)).toContain(
      state.roles['Admin']?.id ?? (await org.genesys.roles.findByName('Admin'))!.id,
    );
    expect(dump.users.find((u) => u.id === id)).toMatchObject({ state: 'active', invitationsSent: 1 });

    await undoAdmin({ ...input, email: wanted.email });
    expect(emulator.control.orgState(org.id)!.users.find((u) => u.id === id)?.state).toBe('deleted');
  });

  it('restores a user deleted a moment ago instead of failing on its taken email', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before: null };
    const { id } = await ensureAdmin(input);
    emulator.control.setConsistencyLag(2_000);
    process.env[CONSISTENCY_BOUND_ENV] = '10000';
    await undoAdmin({ ...input, email: wanted.email });
    // The search still shows the deleted user, as it was, for a while.
    const again = await readOrgState(org.genesys, org.input);
    expect(again.users[wanted.email]).toBeNull();
    const restored = await ensureAdmin({ ...input, ...adminTarget(wanted, again) });
    expect(restored.id).toBe(id);
    expect(emulator.control.orgState(org.id)!.users.filter((u) => u.email === wanted.email)).toHaveLength(1);
  });
});
