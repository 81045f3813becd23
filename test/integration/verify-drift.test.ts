import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUDGET_PER_MINUTE_ENV } from '../../activities/request-budget.js';
import { generateCertificateBundle } from '../../certificate/bundle.js';
import { removePermissions } from '../../provisioning/permission-policies.js';
import { toOAuthClientRequest } from '../../purecloud/oauth-client-request.js';
import {
  createTestOrg,
  notOk,
  provision,
  startVerifyHarness,
  verify,
  type TestOrg,
  type VerifyHarness,
} from './verify/harness.js';
import { ownEmulator } from './support/own-emulator.js';

// One org goes through sixteen verifications and provisionings here. At Genesys's default 300 requests per
// minute the worker's request budget paced them to about 8 s per test, a wait of this file's design (one org for
// every case), not of what it checks. So this org's limit is raised, as Genesys support can raise it: the
// worker's budget (read at its first request) and the emulator's per-token limit (its own emulator) alike.
const RAISED_LIMIT_PER_MINUTE = 3000;
process.env[BUDGET_PER_MINUTE_ENV] = String(RAISED_LIMIT_PER_MINUTE);
const emulator = await ownEmulator({ rateLimitPerMinute: RAISED_LIMIT_PER_MINUTE });

let harness: VerifyHarness;
let org: TestOrg;

beforeAll(async () => {
  harness = await startVerifyHarness(inject('temporalAddress'), inject('temporalNamespace'));
  org = await createTestOrg(emulator.url, 'drift');
  await provision(harness, org);
});

afterAll(async () => {
  await org?.genesys.close();
  await harness?.stop();
});

/** Makes one change behind the tool's back, verifies, then lets remediation provision the org back. */
async function driftAndRepair(change: () => Promise<void>): Promise<Record<string, string>> {
  await change();
  const report = await verify(harness, await org.verifyInput({ remediate: true }));
  expect(report.status).toBe('fail');
  expect(report.remediation?.workflowId).toBe(`provision/${org.slug}`);
  await harness.client.workflow.getHandle(report.remediation!.workflowId, report.remediation!.runId).result();
  return { ...notOk(report), details: report.checks.flatMap((c) => c.details).join(' | ') };
}

describe('verification against a provisioned org', () => {
  it('reports a freshly provisioned org ok, signing in through SAML2 bearer end to end', async () => {
    const started = Date.now();
    const report = await verify(harness, await org.verifyInput());
    console.error(`[figures] verification wall time on the emulator: ${Date.now() - started} ms`);
    expect(notOk(report)).toEqual({});
    expect(report.status).toBe('ok');
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'oauth-client:PureEngage WDE',
        'identity-provider:PureEngage',
        'role-permissions:employee',
        `admin:jane@${org.slug}.example.com`,
        'certificate:expiry',
        'idp:auto-provisioning',
        'idp:issuer',
        'idp:issuer-unique',
        `saml-bearer:${org.testUserEmail}`,
      ]),
    );
    const run = await harness.client.workflow.list({
      query: `HybridOrg = "${org.slug}" AND HybridDrift = false`,
    });
    const ids: string[] = [];
    for await (const w of run) ids.push(w.workflowId);
    expect(ids.some((id) => id.startsWith(`verify/${org.slug}/`))).toBe(true);
  });

  it('finds a deleted OAuth client, and the SAML sign-in fails without its SAML2 Bearer client', async () => {
    const client = (await org.genesys.oauthClients.list()).find((c) => c.name === 'PureEngage WDE')!;
    const found = await driftAndRepair(() => org.genesys.oauthClients.delete(client.id));
    expect(found).toMatchObject({
      'oauth-client:PureEngage WDE': 'fail',
      [`saml-bearer:${org.testUserEmail}`]: 'fail',
    });
    expect(found['details']).toContain('the SAML2 Bearer client "PureEngage WDE" does not exist in the org');
  });

  it('finds changed redirect URIs of an OAuth client', async () => {
    const client = (await org.genesys.oauthClients.list()).find((c) => c.name === 'PureEngage WDE')!;
    const found = await driftAndRepair(async () => {
      await org.genesys.oauthClients.update(client.id, {
        name: client.name,
        authorizedGrantType: 'SAML2-BEARER',
        registeredRedirectUri: ['https://elsewhere.example.com'],
      });
    });
    expect(found).toMatchObject({ 'oauth-client:PureEngage WDE': 'fail' });
    expect(found['details']).toContain('redirect URIs lack "https://apps.mypurecloud.com"');
  });

  it('finds an OAuth client scheduled for deletion, naming the date, and remediation calls the deletion off', async () => {
    const client = (await org.genesys.oauthClients.list()).find((c) => c.name === 'PureEngage WDE')!;
    const found = await driftAndRepair(async () => {
      // Only the date differs: the client is otherwise as the spec wants it, and would pass without this.
      await org.genesys.oauthClients.update(client.id, {
        ...toOAuthClientRequest(client),
        dateToDelete: '2031-01-01T00:00:00.000Z',
      });
    });
    expect(found).toMatchObject({ 'oauth-client:PureEngage WDE': 'fail' });
    expect(found['details']).toContain(
      'scheduled for deletion on 2031-01-01T00:00:00.000Z (dateToDelete); the update calls the deletion off',
    );
    expect((await org.genesys.oauthClients.get(client.id))!.dateToDelete).toBeUndefined();
  });

  it('finds a journey permission removed from the employee role', async () => {
    const input = await org.verifyInput();
    const permission = input.provision.altocloud.permissions[0]!;
    const found = await driftAndRepair(async () => {
      const role = (await org.genesys.roles.findByName('employee'))!;
      const policies = removePermissions(
        (role.permissionPolicies ?? []).map((p) => ({
          ...p,
          domain: p.domain ?? '',
          entityName: p.entityName ?? '*',
          actionSet: p.actionSet ?? [],
        })),
        [permission],
      );
      await org.genesys.roles.update(role.id, { name: role.name, permissionPolicies: policies });
    });
    expect(found).toMatchObject({ 'role-permissions:employee': 'fail' });
    expect(found['details']).toContain(`lacks ${permission}`);
  });

  it("finds the identity provider's issuer changed and auto-provisioning turned off", async () => {
    const found = await driftAndRepair(async () => {
      const idp = (await org.genesys.identityProviders.getPureEngage())!;
      await org.genesys.identityProviders.putPureEngage({
        ...idp,
        issuerURI: 'http://evil.example.com/idp',
        autoProvisionUsers: false,
      });
    });
    expect(found).toMatchObject({
      'identity-provider:PureEngage': 'fail',
      'idp:issuer': 'fail',
      'idp:auto-provisioning': 'fail',
      [`saml-bearer:${org.testUserEmail}`]: 'fail',
    });
    expect(found['details']).toContain('autoProvisionUsers is false, not true');
  });

  it('finds a replaced certificate, and the SAML sign-in fails when it does not match the provisioned key', async () => {
    const stranger = await generateCertificateBundle(
      { days: 400, keyBits: 2048, subject: 'CN=Stranger', keyFormat: 'traditional' },
      'pw',
    );
    const found = await driftAndRepair(async () => {
      const idp = (await org.genesys.identityProviders.getPureEngage())!;
      await org.genesys.identityProviders.putPureEngage({
        ...idp,
        certificate: stranger.certificateBody,
        certificates: [stranger.certificateBody],
      });
    });
    expect(found).toMatchObject({
      'identity-provider:PureEngage': 'fail',
      [`saml-bearer:${org.testUserEmail}`]: 'fail',
    });
    expect(found['details']).toMatch(/SAML2 bearer exchange was refused/);
  });

  it("finds the admin's Admin role removed", async () => {
    const email = `jane@${org.slug}.example.com`;
    const found = await driftAndRepair(async () => {
      const user = (await org.genesys.users.findByEmail(email))!;
      const admin = (await org.genesys.roles.findByName('Admin'))!;
      const held = (await org.genesys.users.getRoles(user.id)).roles ?? [];
      await org.genesys.users.setRoles(
        user.id,
        held.flatMap((r) => (r.id && r.id !== admin.id ? [r.id] : [])),
      );
    });
    expect(found).toMatchObject({ [`admin:${email}`]: 'fail' });
    expect(found['details']).toContain('lacks role "Admin"');
  });

  it('reports the org ok again once remediation has provisioned it back', async () => {
    const report = await verify(harness, await org.verifyInput());
    expect(notOk(report)).toEqual({});
  });
});
