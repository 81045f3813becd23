/**
 * The provisioning activities over HTTP, without Temporal: each ensure does what its decision says and
 * nothing more, each undo puts back what the preflight state recorded, and the preflight reports every
 * problem in one failure. One in-process emulator, one fresh org per test.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin, undoAdmin } from '../../activities/admin.js';
import { generateCertificate } from '../../activities/certificate.js';
import { closeGenesysClients } from '../../activities/genesys-session.js';
import { ensureIdentityProvider, restoreIdentityProvider } from '../../activities/identity-provider.js';
import { inspectOrg } from '../../activities/inspect-org.js';
import { ensureOAuthClient, undoOAuthClient } from '../../activities/oauth-client.js';
import { grantRolePermissions, revokeRolePermissions } from '../../activities/role-permissions.js';
import { adminTarget } from '../../decisions/admin.js';
import { decideIdentityProvider } from '../../decisions/identity-provider.js';
import { oauthClientGrants } from '../../decisions/oauth-client.js';
import { diffOrg } from '../../drift/diff.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { readOrgState } from '../../org-state/read-org-state.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import type { GenesysClient } from '../../purecloud/index.js';
import { activityOrg, writesIn } from './activity-org.js';
import { withEmulator } from './sdk.js';

let emulator: RunningEmulator;
let certificateBody: string;
let orgCount = 0;
const open: GenesysClient[] = [];

beforeAll(async () => {
  emulator = await withEmulator({ rateLimitPerMinute: 0 });
  const outDir = await mkdtemp(join(tmpdir(), 'hybrid-act-bundle-'));
  certificateBody = (
    await generateCertificate({
      outDir,
      options: { days: 30, keyBits: 2048, subject: 'CN=Activities', keyFormat: 'traditional' },
      password: { value: 'pw' },
      force: false,
    })
  ).certificateBody;
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await closeGenesysClients();
});
afterAll(() => emulator?.close());

interface Org {
  input: ProvisionInput;
  genesys: GenesysClient;
}

/** A fresh org and a spec for it (the real loader), with `overrides` merged into the spec's top level. */
async function freshOrg(overrides: Record<string, unknown> = {}): Promise<Org> {
  orgCount += 1;
  const org = await activityOrg(emulator, `act-${orgCount}`, overrides);
  open.push(org.genesys);
  return org;
}

/** Write requests to the Platform API since the log was last cleared. */
const writes = () => writesIn(emulator.control.requests());

/** What `plan` would still list for one resource (empty when it is as the spec wants). */
async function driftOf(org: Org, kind: string, name?: string) {
  return diffOrg(org.input, await readOrgState(org.genesys, org.input)).filter(
    (i) => i.kind === kind && (name === undefined || i.name === name) && i.action !== 'none',
  );
}

describe('ensureIdentityProvider / restoreIdentityProvider', () => {
  it('turns auto-provisioning off when the spec sets autoProvisionUsers: false, so plan and verify see no drift after', async () => {
    const org = await freshOrg();
    const wanted = { ...org.input.identityProvider, autoProvisionUsers: false };
    const input = { ...org.input, identityProvider: wanted };
    await org.genesys.identityProviders.putPureEngage({
      name: wanted.name,
      issuerURI: wanted.issuerURI,
      ssoTargetURI: wanted.ssoTargetURI,
      autoProvisionUsers: true,
      disabled: false,
      certificate: certificateBody,
    });
    const before = await readOrgState(org.genesys, input);
    // What plan shows (the certificate is the one provisioning would upload).
    expect(decideIdentityProvider(wanted, before.pureEngage, certificateBody)[0]?.reasons).toEqual([
      'autoProvisionUsers is true, not false',
    ]);

    emulator.control.clearRequests();
    const result = await ensureIdentityProvider({
      target: input.target,
      wanted,
      certificateBody,
      before: before.pureEngage,
    });
    expect(result.outcome).toBe('adopted');
    expect(writes()).toEqual(['PUT /api/v2/identityproviders/pureengage']);
    expect((await org.genesys.identityProviders.getPureEngage())?.autoProvisionUsers).toBe(false);
    const after = await readOrgState(org.genesys, input);
    expect(decideIdentityProvider(wanted, after.pureEngage, certificateBody)).toEqual([]);
  });

  it('writes nothing when the provider is already as the spec wants, and puts the old one back on undo', async () => {
    const org = await freshOrg();
    const wanted = org.input.identityProvider;
    await org.genesys.identityProviders.putPureEngage({
      name: 'Old',
      issuerURI: wanted.issuerURI,
      ssoTargetURI: 'https://old.example.com',
      certificate: certificateBody,
    });
    const before = (await readOrgState(org.genesys, org.input)).pureEngage;
    await ensureIdentityProvider({ target: org.input.target, wanted, certificateBody, before });
    const after = (await readOrgState(org.genesys, org.input)).pureEngage;
    emulator.control.clearRequests();
    expect(
      (await ensureIdentityProvider({ target: org.input.target, wanted, certificateBody, before: after }))
        .outcome,
    ).toBe('unchanged');
    expect(writes()).toEqual([]);

    await restoreIdentityProvider({ target: org.input.target, before });
    expect(await org.genesys.identityProviders.getPureEngage()).toMatchObject({
      name: 'Old',
      ssoTargetURI: 'https://old.example.com',
    });
  });

  it('removes a provider it created when the org had none', async () => {
    const org = await freshOrg();
    await ensureIdentityProvider({
      target: org.input.target,
      wanted: org.input.identityProvider,
      certificateBody,
      before: null,
    });
    expect(await org.genesys.identityProviders.getPureEngage()).not.toBeNull();
    await restoreIdentityProvider({ target: org.input.target, before: null });
    expect(await org.genesys.identityProviders.getPureEngage()).toBeNull();
  });
});

describe('ensureOAuthClient / undoOAuthClient', () => {
  const runMarker = '[hybrid-provisioner run=test-run]';

  it('creates a client with the run marker and a secret file, adopts it on a retry, and deletes it on undo', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.oauthClients[1]!;
    const input = {
      target: org.input.target,
      runMarker,
      wanted,
      before: [],
      ...oauthClientGrants(wanted, state),
      outputDir: org.input.outputDir,
    };
    const created = await ensureOAuthClient(input);
    expect(created.outcome).toBe('created');
    const client = (await org.genesys.oauthClients.get(created.id))!;
    expect(client.description).toContain(runMarker);
    expect(client.roleDivisions).toEqual([
      { roleId: state.roles['employee']!.id, divisionId: state.homeDivision.id },
    ]);
    expect(await readdir(join(org.input.outputDir, 'oauth-clients'))).toHaveLength(1);

    // A retry whose first response was lost: the marker finds the client, no second POST.
    emulator.control.clearRequests();
    expect((await ensureOAuthClient(input)).id).toBe(created.id);
    expect(writes()).toEqual([]);

    await undoOAuthClient({ ...input, name: wanted.name });
    // Deleted clients read as 404 (or, on the real API, in state deleted).
    expect((await org.genesys.oauthClients.get(created.id))?.state ?? 'deleted').toBe('deleted');
  });

  it('widens an existing client with one PUT and restores it on undo, keeping its secret', async () => {
    const org = await freshOrg();
    const existing = await org.genesys.oauthClients.create({
      name: 'PureEngage WDE',
      authorizedGrantType: 'SAML2-BEARER',
      registeredRedirectUri: ['https://kept.example.com'],
      state: 'inactive',
    });
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.oauthClients[0]!;
    const before = state.oauthClients[wanted.name]!;
    const input = {
      target: org.input.target,
      runMarker,
      wanted,
      before,
      ...oauthClientGrants(wanted, state),
      outputDir: org.input.outputDir,
    };
    emulator.control.clearRequests();
    expect(await ensureOAuthClient(input)).toMatchObject({ id: existing.id, outcome: 'adopted' });
    expect(writes()).toEqual([`PUT /api/v2/oauth/clients/${existing.id}`]);
    expect(await org.genesys.oauthClients.get(existing.id)).toMatchObject({
      state: 'active',
      registeredRedirectUri: ['https://kept.example.com', 'https://apps.mypurecloud.com'],
    });
    expect(await driftOf(org, 'oauth-client', wanted.name)).toEqual([]);

    await undoOAuthClient({ ...input, name: wanted.name });
    expect(await org.genesys.oauthClients.get(existing.id)).toMatchObject({
      state: 'inactive',
      registeredRedirectUri: ['https://kept.example.com'],
    });
  });
});

describe('grantRolePermissions / revokeRolePermissions', () => {
  it('adds only what the role lacks and takes away exactly that on undo', async () => {
    const org = await freshOrg({ altocloud: { roles: ['employee'], permissions: ['journey:report:view'] } });
    const role = (await readOrgState(org.genesys, org.input)).roles['employee']!;
    const input = { target: org.input.target, role, permissions: ['journey:report:view'] };
    await grantRolePermissions(input);
    expect(await driftOf(org, 'role-permissions')).toEqual([]);
    emulator.control.clearRequests();
    await grantRolePermissions(input);
    expect(writes()).toEqual([]);
    await revokeRolePermissions(input);
    const after = (await readOrgState(org.genesys, org.input)).roles['employee']!;
    expect(after.permissionPolicies).toEqual(role.permissionPolicies);
  });
});

describe('ensureAdmin / undoAdmin', () => {
  it('creates the user with its roles, and deletes it on undo', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before: null };
    const created = await ensureAdmin(input);
    expect(created.outcome).toBe('created');
    expect(await driftOf(org, 'admin')).toEqual([]);
    await undoAdmin({ ...input, email: wanted.email });
    expect(await org.genesys.users.findByEmail(wanted.email)).toBeNull();
  });

  it('gives an existing user only the roles it lacks, and its old roles back on undo', async () => {
    const org = await freshOrg();
    const wanted = org.input.admins[0]!;
    const home = await org.genesys.authorization.homeDivision();
    const user = await org.genesys.users.create({ name: 'Jane', email: wanted.email, divisionId: home.id });
    const employee = (await org.genesys.roles.findByName('employee'))!.id;
    await org.genesys.users.setRoles(user.id, [employee]);
    const state = await readOrgState(org.genesys, org.input);
    const before = state.users[wanted.email]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before };
    expect((await ensureAdmin(input)).outcome).toBe('adopted');
    expect(await driftOf(org, 'admin')).toEqual([]);
    await undoAdmin({ ...input, email: wanted.email });
    expect((await readOrgState(org.genesys, org.input)).users[wanted.email]!.roleIds).toEqual([employee]);
  });
});

describe('inspectOrg (preflight)', () => {
  it('reports every problem in one failure: a missing role, an issuer another provider uses, what onExisting: fail forbids', async () => {
    const org = await freshOrg({ onExisting: 'fail' });
    const input = {
      ...org.input,
      altocloud: { roles: ['No Such Role'], permissions: ['journey:report:view'] },
    };
    await org.genesys.identityProviders.createCustom({
      name: 'Generic',
      issuerURI: input.identityProvider.issuerURI,
      ssoTargetURI: 'https://generic.example.com',
      certificate: certificateBody,
    });
    await org.genesys.oauthClients.create({
      name: 'Pacing',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
    });
    emulator.control.clearRequests();
    const failure = await inspectOrg(input).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    const { type, message, nonRetryable } = failure as ApplicationFailure;
    expect({ type, nonRetryable }).toEqual({ type: 'InvalidInput', nonRetryable: true });
    expect(message).toContain('role "No Such Role" does not exist in the org');
    expect(message).toContain('two identity providers must not share an issuer URI');
    expect(message).toMatch(/onExisting is "fail" and these already exist: OAuth client "Pacing"/);
    expect(writes()).toEqual([]);
  });

  it('fails as IssuerConflict when that is the most fundamental problem', async () => {
    const org = await freshOrg();
    await org.genesys.identityProviders.createCustom({
      name: 'Generic',
      issuerURI: org.input.identityProvider.issuerURI,
      ssoTargetURI: 'https://generic.example.com',
      certificate: certificateBody,
    });
    await expect(inspectOrg(org.input)).rejects.toMatchObject({ type: 'IssuerConflict' });
  });
});
