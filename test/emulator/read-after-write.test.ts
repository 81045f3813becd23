/**
 * A step that wrote something ends only once the org's readers reflect it (issue 10 item 6, the gaps left
 * open; activities/failures.ts). With the emulator's lag on (emulator/consistency.ts), each test calls one
 * activity over HTTP and then, at once, the read the next run's preflight or check would make: it must see
 * what the step did. Each fails on the client that returned as soon as its write was answered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin, undoAdmin } from '../../activities/admin.js';
import { CONSISTENCY_BOUND_ENV } from '../../activities/failures.js';
import { ensureIdentityProvider, restoreIdentityProvider } from '../../activities/identity-provider.js';
import { ensureOAuthClient, undoOAuthClient } from '../../activities/oauth-client.js';
import { restoreRotatedProvider, trustCertificates } from '../../activities/rotation-provider.js';
import { adminTarget } from '../../decisions/admin.js';
import { oauthClientGrants } from '../../decisions/oauth-client.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { readOrgState } from '../../org-state/read-org-state.js';
import { toPureEngageSnapshot } from '../../org-state/snapshots.js';
import type { GenesysClient } from '../../purecloud/index.js';
import type { PureEngageProvider } from '../../purecloud/types.js';
import { activityOrg, resetAfterActivityTest, type ActivityOrg } from './activity-org.js';
import { bareBody, selfSignedCertificatePem } from './certificate.js';
import { withEmulator } from './sdk.js';

const LAG_MS = 1_000;
let emulator: RunningEmulator;
let certificateBody: string;
let newCertificateBody: string;
let orgCount = 0;
const open: GenesysClient[] = [];

beforeAll(async () => {
  emulator = await withEmulator({ rateLimitPerMinute: 0 });
  certificateBody = bareBody(selfSignedCertificatePem('read-after-write'));
  newCertificateBody = bareBody(selfSignedCertificatePem('read-after-write-new'));
});
afterEach(() => resetAfterActivityTest(emulator, open));
afterAll(() => emulator?.close());

async function freshOrg(): Promise<ActivityOrg> {
  orgCount += 1;
  const org = await activityOrg(emulator, `raw-${orgCount}`);
  open.push(org.genesys);
  return org;
}

/** Lag on from now (after the test arranged its org), with a bound well above it. */
function lagFromNow(): void {
  emulator.control.setConsistencyLag(LAG_MS);
  process.env[CONSISTENCY_BOUND_ENV] = '8000';
}

function requestsTo(method: string, path: string): number {
  return emulator.control.requests().filter((r) => r.method === method && r.path === path).length;
}

/** The input of the step that creates the org's first OAuth client, as the workflow builds it. */
async function clientStep(org: ActivityOrg, run: string) {
  const state = await readOrgState(org.genesys, org.input);
  const wanted = org.input.oauthClients[0]!;
  const input = {
    target: org.input.target,
    runMarker: `[hybrid-provisioner run=${run}]`,
    wanted,
    before: state.oauthClients[wanted.name]!,
    ...oauthClientGrants(wanted, state),
    outputDir: org.input.outputDir,
  };
  return { input, wanted };
}

describe('OAuth clients', () => {
  it('a created client is in the preflight listing when its step ends; an undone one is out of it', async () => {
    const org = await freshOrg();
    const { input, wanted } = await clientStep(org, 'raw-clients');
    lagFromNow();

    const { id } = await ensureOAuthClient(input);
    const rerun = await readOrgState(org.genesys, org.input);
    expect(rerun.oauthClients[wanted.name]!.map((c) => c.id)).toEqual([id]);

    await undoOAuthClient({ ...input, name: wanted.name });
    expect((await readOrgState(org.genesys, org.input)).oauthClients[wanted.name]).toEqual([]);
  });

  it('at no lag, a create costs one extra listing', async () => {
    const org = await freshOrg();
    const { input } = await clientStep(org, 'raw-cost');
    emulator.control.clearRequests();
    await ensureOAuthClient(input);
    // One listing before the create (an earlier attempt's client?), one after it (is it listed?).
    expect(requestsTo('POST', '/api/v2/oauth/clients')).toBe(1);
    expect(requestsTo('GET', '/api/v2/oauth/clients')).toBe(2);
  });
});

describe('admins', () => {
  it('a created admin is found by the preflight search when its step ends; an undone one is not', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    const input = { target: org.input.target, wanted, ...adminTarget(wanted, state), before: null };
    lagFromNow();

    const { id } = await ensureAdmin(input);
    expect((await readOrgState(org.genesys, org.input)).users[wanted.email]).toMatchObject({ id });

    await undoAdmin({ ...input, email: wanted.email });
    expect((await org.genesys.users.findByEmails([wanted.email])).size).toBe(0);
  });

  it('at no lag, a create costs one extra search', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    emulator.control.clearRequests();
    await ensureAdmin({ target: org.input.target, wanted, ...adminTarget(wanted, state), before: null });
    // One search before the create (an earlier attempt's user?), one after it (does the search show it?).
    expect(requestsTo('POST', '/api/v2/users')).toBe(1);
    expect(requestsTo('POST', '/api/v2/users/search')).toBe(2);
  });

  it('a create that fails but will be retried leaves the search to the next attempt', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    lagFromNow();
    emulator.control.setFaults({
      rules: [{ match: { method: 'POST', path: '/api/v2/users' }, times: 1, error: { status: 503 } }],
    });
    emulator.control.clearRequests();

    const failure = await ensureAdmin({
      target: org.input.target,
      wanted,
      ...adminTarget(wanted, state),
      before: null,
    }).catch((e: unknown) => e as { type?: string; nonRetryable?: boolean });

    expect(failure).toMatchObject({ type: 'GenesysServerError', nonRetryable: false });
    // The search before the create only: no waiting the bound out for a user that may not exist.
    expect(requestsTo('POST', '/api/v2/users/search')).toBe(1);
    emulator.control.clearFaults();
  });

  it('undoing an admin step that failed for good before its create searches once and does not wait for the bound', async () => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    process.env[CONSISTENCY_BOUND_ENV] = '3000';
    emulator.control.clearRequests();

    await undoAdmin({
      target: org.input.target,
      email: wanted.email,
      before: null,
      ...adminTarget(wanted, state),
      stepEnd: { kind: 'failed-for-good' },
    });

    expect(requestsTo('POST', '/api/v2/users/search')).toBe(1);
    expect(emulator.control.orgState(org.id)!.users.filter((u) => u.email === wanted.email)).toEqual([]);
  });

  // What the step left: its user, created, not yet searchable (a real org's search can trail by minutes, longer
  // than the bound). A completed step's undo finds it by the id the step returned; one cancelled mid-create
  // waits for the search to show it. Either way the user goes.
  it.each([
    ['completed', 'deletes its user by id, even while the search still trails the create'],
    ['unknown', '(cancelled mid-create) waits for the search to show its user'],
  ] as const)('undoing an admin step whose end is %s %s', async (kind, _what) => {
    const org = await freshOrg();
    const state = await readOrgState(org.genesys, org.input);
    const wanted = org.input.admins[0]!;
    const home = await org.genesys.authorization.homeDivision();
    // For a completed step, a search lag (6 s) longer than the bound (5 s), which a GET by id (after 3 s) beats:
    // the 2 s between is the longest pause between reads (failures.ts), so a read always lands in it. A step
    // whose end is unknown can only search, so its bound outlasts the lag.
    const lag = kind === 'completed' ? LAG_MS * 6 : LAG_MS;
    emulator.control.setConsistencyLag(lag);
    const user = await org.genesys.users.create({
      name: wanted.name,
      email: wanted.email,
      divisionId: home.id,
      state: 'active',
    });
    expect((await org.genesys.users.findByEmails([wanted.email])).size).toBe(0);
    process.env[CONSISTENCY_BOUND_ENV] = String(kind === 'completed' ? lag - LAG_MS : lag * 3);
    emulator.control.clearRequests();

    await undoAdmin({
      target: org.input.target,
      email: wanted.email,
      before: null,
      ...adminTarget(wanted, state),
      stepEnd: kind === 'completed' ? { kind, userId: user.id } : { kind },
    });

    expect(emulator.control.orgState(org.id)!.users.find((u) => u.id === user.id)?.state).toBe('deleted');
    if (kind === 'completed') expect(requestsTo('GET', `/api/v2/users/${user.id}`)).toBeGreaterThan(0);
  });
});

describe('the PureEngage identity provider', () => {
  it('is read back until it shows the PUT, and its undo ends once it reads as gone', async () => {
    const org = await freshOrg();
    const wanted = org.input.identityProvider;
    lagFromNow();

    // The read right after the PUT answers 404 (no provider before it): read again, not "does not exist".
    const result = await ensureIdentityProvider({
      target: org.input.target,
      wanted,
      certificateBody,
      before: null,
    });
    expect(result.outcome).toBe('created');
    expect(await org.genesys.identityProviders.getPureEngage()).toMatchObject({
      issuerURI: wanted.issuerURI,
    });

    await restoreIdentityProvider({ target: org.input.target, before: null });
    expect(await org.genesys.identityProviders.getPureEngage()).toBeNull();
  });

  it("rotation's PUTs are read back until they show the certificates sent", async () => {
    const org = await freshOrg();
    const wanted = org.input.identityProvider;
    await ensureIdentityProvider({ target: org.input.target, wanted, certificateBody, before: null });
    const provider = (await org.genesys.identityProviders.getPureEngage())!;
    const base: PureEngageProvider = { ...toPureEngageSnapshot(provider) };
    lagFromNow();

    await expect(
      trustCertificates({
        target: org.input.target,
        base,
        certificate: certificateBody,
        certificates: [certificateBody, newCertificateBody],
      }),
    ).resolves.toEqual({ trusted: 2 });

    await restoreRotatedProvider({ target: org.input.target, before: base });
    const read = (await org.genesys.identityProviders.getPureEngage())!;
    expect([read.certificate, ...(read.certificates ?? [])].filter(Boolean)).not.toContain(
      newCertificateBody,
    );
  });
});
