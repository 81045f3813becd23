/**
 * The provisioning workflow's integration cases, shared by the files that run them in parallel (each file is a
 * vitest fork with its own module instance). Importing this module gives the importing test file its own
 * emulator (the faults and lag these tests set must not reach the files running alongside) and its own worker
 * harness (an injected failure is per harness), with hooks registered on the file.
 *
 * The lag cases are split over several files by `describeLagCases`' selection: at a 2,000 ms lag each run waits
 * for its reads to reflect its writes and compensation undoes one step at a time, so run one after another they
 * took 150 s, the whole suite's critical path.
 */
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrgStateDump } from '../../../emulator/store/dump.js';
import type { CreatedOrg } from '../../../emulator/routes/control.js';
import type { ProvisionInput, ProvisionResult } from '../../../provisioning/types.js';
import { ALTOCLOUD_PERMISSIONS } from '../../../spec/altocloud-permissions.js';
import { generateCertificateBundle } from '../../../certificate/bundle.js';
import { DEFAULT_CERTIFICATE_OPTIONS } from '../../../certificate/options.js';
import { ownEmulator } from '../support/own-emulator.js';
import {
  asOrgAdmin,
  startHarness,
  startRun,
  testInput,
  type Harness,
  type InjectedFailure,
} from './harness.js';

export const emulator = await ownEmulator();
export let harness: Harness;
/** A certificate the org trusted before the run: unrelated to the key the run generates. */
export let OLD_CERTIFICATE_BODY: string;

beforeAll(async () => {
  harness = await startHarness(inject('temporalAddress'), inject('temporalNamespace'));
  const old = await generateCertificateBundle(
    { ...DEFAULT_CERTIFICATE_OPTIONS, subject: 'CN=Old IdP' },
    'old',
  );
  OLD_CERTIFICATE_BODY = old.certificateBody;
});
afterAll(async () => {
  await harness?.stop();
});
afterEach(async () => {
  harness.failure = undefined;
  await emulator.clearFaults();
});

export const newOrg = () => emulator.createOrg(`it-${randomBytes(4).toString('hex')}`);

export async function provision(input: ProvisionInput): Promise<ProvisionResult> {
  const handle = await startRun(harness, input);
  return (await handle.result()) as ProvisionResult;
}

export async function provisionExpectingFailure(input: ProvisionInput): Promise<WorkflowFailedError> {
  const handle = await startRun(harness, input);
  const error = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return error as WorkflowFailedError;
}

/** Calls the emulator's API as the org's admin client, to set up pre-existing state behind the tool's back. */
export const asAdmin = (org: CreatedOrg, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
  asOrgAdmin(emulator.url, org, method, path, body);

/**
 * The org as its users see it. Deleting a user is a soft delete in Genesys Cloud (the user stays, in state
 * `deleted`, restorable), so a compensated run leaves such a user behind, with no role but employee (which
 * every user keeps: it cannot be removed).
 */
export function activeView(state: OrgStateDump): OrgStateDump {
  const deleted = new Set(state.users.filter((u) => u.state === 'deleted').map((u) => u.id));
  const employee = state.roles.find((r) => r.defaultRoleId === 'employee')?.id;
  for (const id of deleted) {
    expect(state.grants.filter((g) => g.subjectId === id).map((g) => g.roleId)).toEqual([employee]);
  }
  return {
    ...state,
    users: state.users.filter((u) => !deleted.has(u.id)),
    grants: state.grants.filter((g) => !deleted.has(g.subjectId)),
  };
}

export const roleNamed = (state: OrgStateDump, name: string) => state.roles.find((r) => r.name === name)!;
export const grantedPermissions = (state: OrgStateDump, name: string) =>
  roleNamed(state, name).permissionPolicies.flatMap((p) =>
    p.actionSet.map((a) => `${p.domain}:${p.entityName}:${a}`),
  );

/** Gives an org a client, an identity provider, role policies and a user that the spec will find already there. */
export async function addPreExistingState(org: CreatedOrg, input: ProvisionInput): Promise<void> {
  const state = await emulator.state(org.id);
  const employee = roleNamed(state, 'employee');
  // Whoever made the client by hand held AI Agent: a client can only give roles it holds itself.
  await asAdmin(
    org,
    'POST',
    `/api/v2/authorization/subjects/${org.adminClientId}/bulkadd?subjectType=PC_OAUTH_CLIENT`,
    { grants: [{ roleId: roleNamed(state, 'AI Agent').id, divisionId: state.homeDivision.id }] },
  );
  await asAdmin(org, 'POST', '/api/v2/oauth/clients', {
    name: 'Agent Pacing Service (ewt)',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    description: 'made by hand before the tool ran',
    roleDivisions: [{ roleId: roleNamed(state, 'AI Agent').id, divisionId: state.homeDivision.id }],
  });
  await asAdmin(org, 'PUT', '/api/v2/identityproviders/pureengage', {
    name: 'PureEngage',
    issuerURI: input.identityProvider.issuerURI,
    ssoTargetURI: 'http://old.example.com/sso',
    certificate: OLD_CERTIFICATE_BODY,
    autoProvisionUsers: false,
    disabled: true,
  });
  const role = await asAdmin(org, 'GET', `/api/v2/authorization/roles/${employee.id}`);
  await asAdmin(org, 'PUT', `/api/v2/authorization/roles/${employee.id}`, {
    name: role['name'],
    permissionPolicies: [
      ...(role['permissionPolicies'] as unknown[]),
      { domain: 'journey', entityName: 'event', actionSet: ['view'] },
    ],
  });
  const jane = await asAdmin(org, 'POST', '/api/v2/users', {
    name: 'Jane Admin',
    email: input.admins[0]!.email,
    divisionId: state.homeDivision.id,
  });
  await asAdmin(org, 'PUT', `/api/v2/users/${String(jane['id'])}/roles`, [employee.id]);
}

/**
 * The key cases again with reads lagging writes (emulator lag mode, reference §12 "Eventual consistency"):
 * created objects reach listings and searches only after the lag, GETs by id 404 for half of it, a user
 * DELETE right after a write meets a 409. Lagging starts once a test has arranged the org, so that only the
 * run meets it. The client tolerates it within HYBRID_CONSISTENCY_BOUND_MS (the harness sets 5 s).
 */
/** Which of the lag cases a file runs: the plain runs, and which failing steps (on an empty or a prepared org). */
export interface LagCaseSelection {
  /** The happy path, the re-run, lost responses and restoring a compensated admin. */
  runs: boolean;
  /** `false`: an empty org; `true`: one with pre-existing clients, provider, policies and user. */
  undo: Array<[preExisting: boolean, activity: InjectedFailure['activity']]>;
}

const FAILING_STEPS: InjectedFailure['activity'][] = [
  'ensureCertificate',
  'ensureOAuthClient',
  'grantRolePermissions',
  'ensureAdmin',
  'ensureIdentityProvider',
];

/** Every lag case: both orgs, every failing step. */
export const ALL_LAG_CASES: LagCaseSelection = {
  runs: true,
  undo: [false, true].flatMap((preExisting) =>
    FAILING_STEPS.map((a) => [preExisting, a] as [boolean, InjectedFailure['activity']]),
  ),
};

export function describeLagCases(lagMs: number, select: LagCaseSelection): void {
  describe(`reads lagging writes by ${lagMs} ms`, () => {
    const lagFromNow = () => emulator.setConsistencyLag(lagMs);
    // A second run starts at once, inside the lag window: a step that created or deleted something ended only
    // once the preflight's reads (client listing, user search, the provider) reflected it, so the second run
    // neither creates a duplicate nor adopts what the first run's compensation deleted.
    afterEach(() => emulator.setConsistencyLag(0));
    // Defined only in the files that run them (not skipped: a skipped test would read as a gap).
    const itRuns = (name: string, fn: () => Promise<void>) => {
      if (select.runs) it(name, fn);
    };

    itRuns(
      'provisions an empty org: both OAuth clients, the PureEngage identity provider, Altocloud permissions, an admin',
      async () => {
        const org = await newOrg();
        const input = await testInput({ emulatorUrl: emulator.url, org });
        const before = await emulator.state(org.id);
        await lagFromNow();

        const result = await provision(input);
        const after = await emulator.state(org.id);

        expect(result.status).toBe('completed');
        expect(result.oauthClients.map((c) => [c.name, c.grantType, c.outcome])).toEqual([
          ['PureEngage WDE', 'SAML2-BEARER', 'created'],
          ['Agent Pacing Service (ewt)', 'CLIENT-CREDENTIALS', 'created'],
        ]);
        const saml = after.clients.find((c) => c.name === 'PureEngage WDE')!;
        expect(saml.authorizedGrantType).toMatch(/^SAML2-?BEARER$/);
        expect(saml.registeredRedirectUri).toEqual(['https://apps.mypurecloud.com']);
        const pacing = after.clients.find((c) => c.name === 'Agent Pacing Service (ewt)')!;
        expect(pacing.roleDivisions).toEqual([
          { roleId: roleNamed(after, 'employee').id, divisionId: after.homeDivision.id },
        ]);

        const idp = after.identityProvider!;
        expect(idp['issuerURI']).toBe(input.identityProvider.issuerURI);
        expect(idp['autoProvisionUsers']).toBe(true);
        expect(idp['disabled']).toBe(false);
        expect(String(idp['certificate'])).not.toContain('BEGIN');
        expect(result.identityProvider.outcome).toBe('created');

        // Every permission the employee role had is still there, plus the Altocloud set.
        const had = grantedPermissions(before, 'employee');
        const has = grantedPermissions(after, 'employee');
        for (const p of [...had, ...ALTOCLOUD_PERMISSIONS]) expect(has).toContain(p);

        const jane = after.users.find((u) => u.email === input.admins[0]!.email)!;
        // Created active (CreateUser.state) and invited once (UsersApi.postUserInvite).
        expect(jane).toMatchObject({ state: 'active', invitationsSent: 1 });
        expect(after.grants).toContainEqual(
          expect.objectContaining({ subjectId: jane.id, roleId: roleNamed(after, 'Admin').id }),
        );

        for (const file of [
          ...Object.values(result.certificateFiles),
          ...result.oauthClients.map((c) => c.secretFile!),
        ]) {
          expect((await stat(file)).mode & 0o777).toBe(0o600);
        }
      },
    );

    itRuns('re-running a finished provisioning changes nothing', async () => {
      const org = await newOrg();
      const input = await testInput({ emulatorUrl: emulator.url, org });
      await lagFromNow();
      await provision(input);
      const first = await emulator.state(org.id);

      const again = await provision(input);

      expect(await emulator.state(org.id)).toEqual(first);
      expect(again.oauthClients.map((c) => c.outcome)).toEqual(['unchanged', 'unchanged']);
      expect(again.identityProvider.outcome).toBe('unchanged');
      expect(again.roles.every((r) => r.addedPermissions.length === 0)).toBe(true);
      expect(again.admins.map((a) => a.outcome)).toEqual(['unchanged']);
    });

    for (const preExisting of [false, true]) {
      const activities = select.undo.filter(([p]) => p === preExisting).map(([, a]) => a);
      if (activities.length === 0) continue;
      describe(`a step failing for good on ${preExisting ? 'an org with pre-existing clients, provider, policies and user' : 'an empty org'}`, () => {
        for (const activity of activities) {
          it(`leaves the org exactly as before when ${activity} fails after doing its work`, async () => {
            const org = await newOrg();
            const input = await testInput({ emulatorUrl: emulator.url, org });
            if (preExisting) await addPreExistingState(org, input);
            const before = await emulator.state(org.id);
            await lagFromNow();

            harness.failure = { activity, when: 'after' };
            const error = await provisionExpectingFailure(input);

            expect(error.cause?.message).toContain(`injected failure in ${activity}`);
            expect(error.cause?.message).toContain('Every change was undone');
            expect(activeView(await emulator.state(org.id))).toEqual(before);
            const left = (await readdir(input.outputDir, { recursive: true })).filter(
              (f) => !f.endsWith('oauth-clients'),
            );
            expect(left).toEqual([]);
          });
        }
      });
    }

    itRuns('a lost response at each create or update never yields a duplicate', async () => {
      const org = await newOrg();
      const input = await testInput({ emulatorUrl: emulator.url, org });
      await lagFromNow();
      await emulator.setFaults({
        seed: 7,
        rules: [
          {
            name: 'lost client create',
            match: { method: 'POST', path: '/api/v2/oauth/clients' },
            times: 2,
            loseResponse: { mode: 'drop' },
          },
          {
            name: 'lost user create',
            match: { method: 'POST', path: '/api/v2/users' },
            times: 1,
            loseResponse: { mode: 'status', status: 503 },
          },
          {
            name: 'lost role update',
            match: { method: 'PUT', path: '/api/v2/authorization/roles/*' },
            times: 1,
            loseResponse: { mode: 'drop' },
          },
          {
            name: 'lost provider put',
            match: { method: 'PUT', path: '/api/v2/identityproviders/pureengage' },
            times: 1,
            loseResponse: { mode: 'status', status: 504 },
          },
        ],
      });

      const result = await provision(input);
      const after = await emulator.state(org.id);

      for (const name of ['PureEngage WDE', 'Agent Pacing Service (ewt)']) {
        expect(after.clients.filter((c) => c.name === name && c.state !== 'deleted')).toHaveLength(1);
      }
      expect(after.users.filter((u) => u.email === input.admins[0]!.email)).toHaveLength(1);
      expect(result.oauthClients.every((c) => c.outcome === 'created' && c.secretFile)).toBe(true);
      expect(result.roles[0]!.addedPermissions.length).toBeGreaterThan(0);
    });

    itRuns(
      'restores the admin a compensated run soft-deleted instead of failing on its taken email',
      async () => {
        const org = await newOrg();
        const input = await testInput({ emulatorUrl: emulator.url, org });
        const email = input.admins[0]!.email;
        await lagFromNow();
        harness.failure = { activity: 'ensureIdentityProvider', when: 'after' };
        await provisionExpectingFailure(input);
        harness.failure = undefined;
        const compensated = (await emulator.state(org.id)).users.filter((u) => u.email === email);
        expect(compensated.map((u) => u.state)).toEqual(['deleted']);

        const result = await provision(input);
        const after = await emulator.state(org.id);

        expect(result.status).toBe('completed');
        expect(result.admins.map((a) => a.outcome)).toEqual(['created']);
        // The compensated run's clients were gone from the listing before it ended: created afresh, once each.
        expect(result.oauthClients.map((c) => c.outcome)).toEqual(['created', 'created']);
        for (const name of ['PureEngage WDE', 'Agent Pacing Service (ewt)']) {
          expect(after.clients.filter((c) => c.name === name && c.state !== 'deleted')).toHaveLength(1);
        }
        expect(result.identityProvider.outcome).toBe('created');
        const users = after.users.filter((u) => u.email === email);
        expect(users).toEqual([expect.objectContaining({ id: compensated[0]!.id, state: 'active' })]);
        expect(after.grants).toContainEqual(
          expect.objectContaining({ subjectId: users[0]!.id, roleId: roleNamed(after, 'Admin').id }),
        );
      },
    );
  });
}
