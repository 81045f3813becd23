// Issue 11, items 1 and 6: a provisioning run rides out a storm of 503s and lost responses without duplicates;
// an outage longer than the run's retry budget ends compensated with a failure saying so; a spec at the admin
// cap preflights in a bounded number of requests, under the emulator's per-token rate limit.
import { randomBytes } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { inspectOrg } from '../../../activities/inspect-org.js';
import { MAX_ADMINS } from '../../../spec/schema.js';
import type { ProvisionResult } from '../../../provisioning/types.js';
import { provisionProgressQuery } from '../../../workflows/provision-api.js';
import { RETRY_BUDGET_EXHAUSTED } from '../../../workflows/step-activities.js';
import { orgProblems } from '../../../bench/provisioning/org-integrity.js';
import { ownEmulator } from '../support/own-emulator.js';
import { asOrgAdmin, startHarness, startRun, testInput, type Harness } from './harness.js';

// Its own emulator: the storms and the request log must not mix with the files running alongside.
const emulator = await ownEmulator();
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(inject('temporalAddress'), inject('temporalNamespace'));
});
afterAll(async () => {
  await harness?.stop();
});
afterEach(async () => {
  await emulator.clearFaults();
});

const newOrg = () => emulator.createOrg(`storm-${randomBytes(4).toString('hex')}`);

describe('storms and outages', () => {
  it('completes through 20% 503s plus 20% responses lost after commit, with no duplicate', async () => {
    const org = await newOrg();
    const input = await testInput({ emulatorUrl: emulator.url, org });
    // A storm that passes: 10 of each fault at most. Unbounded, an activity whose every attempt met one sat in
    // Temporal's backoff (1 s doubling to 30 s) and the test took 4 to 75 s by the order of parallel requests.
    await emulator.setFaults({
      seed: 11,
      rules: [
        { name: 'storm errors', error: { rate: 0.2, status: 503 }, times: 10 },
        { name: 'storm lost responses', loseResponse: { rate: 0.2, mode: 'status' }, times: 10 },
      ],
    });

    const handle = await startRun(harness, input);
    const result = (await handle.result()) as ProvisionResult;

    const faults = await emulator.requests();
    expect(result.status).toBe('completed');
    // The storm did hit this run (else the test proves nothing), and the org is as one run leaves it.
    expect(faults.filter((r) => r.clientId === org.adminClientId && r.fault).length).toBeGreaterThan(3);
    await emulator.clearFaults();
    expect(await orgProblems(input, await emulator.state(org.id))).toEqual([]);
  });

  it('ends compensated, saying the retry budget ran out, when an outage outlasts it', async () => {
    const org = await newOrg();
    const input = await testInput({ emulatorUrl: emulator.url, org, extraYaml: 'retryBudgetSeconds: 10\n' });
    const before = await emulator.state(org.id);
    // Every change to the identity provider fails, for longer than the 10 s budget of its step.
    await emulator.setFaults({
      rules: [
        {
          name: 'identity provider outage',
          match: { method: ['POST', 'PUT', 'DELETE'], path: '/api/v2/identityproviders/**' },
          error: { status: 503 },
        },
      ],
    });

    const handle = await startRun(harness, input);
    // The outage ends once compensation started: the undos (twice the budget) get through.
    for (;;) {
      const progress = await handle.query(provisionProgressQuery);
      if (progress.status === 'compensating') break;
      expect(progress.status).toBe('running');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await emulator.clearFaults();
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(WorkflowFailedError);
    const failure = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(failure.type).toBe(RETRY_BUDGET_EXHAUSTED);
    expect(failure.message).toMatch(
      /^identity-provider failed: the retry budget of 10s ran out after \d+s of retrying ensureIdentityProvider; last error: PUT \/api\/v2\/identityproviders\/pureengage failed with 503/,
    );
    expect(failure.message).toContain('Every change was undone. Undone, newest first: identity-provider,');
    const after = await emulator.state(org.id);
    expect(after.clients.map((c) => c.name)).toEqual(before.clients.map((c) => c.name));
    expect(after.users.filter((u) => u.state !== 'deleted').map((u) => u.email)).toEqual(
      before.users.filter((u) => u.state !== 'deleted').map((u) => u.email),
    );
  });
});

describe('a spec at the admin cap', () => {
  it(`preflights ${MAX_ADMINS} admins in a bounded number of requests, under the rate limit`, async () => {
    const org = await newOrg();
    const input = await testInput({ emulatorUrl: emulator.url, org });
    const sample = input.admins[0]!;
    input.admins = Array.from({ length: MAX_ADMINS }, (_, i) => ({
      ...sample,
      name: `Admin ${i}`,
      email: `admin${i}@${org.thirdPartyOrgName}.example.com`,
    }));
    // A fifth of them exist already: the preflight reads their roles.
    const existing = input.admins.slice(0, MAX_ADMINS / 5);
    for (const admin of existing)
      await asOrgAdmin(emulator.url, org, 'POST', '/api/v2/users', { name: admin.name, email: admin.email });
    // This file's own emulator, its tests one after another: the log then holds the preflight's requests only
    // (a timestamp cut-off counted the last setup request logged in the same millisecond).
    await emulator.clearRequests();

    const state = await inspectOrg(input);

    const requests = (await emulator.requests()).filter((r) => r.clientId === org.adminClientId);
    expect(Object.values(state.users).filter(Boolean)).toHaveLength(existing.length);
    expect(requests.filter((r) => /^\/api\/v2\/users\/[^/]+\/roles$/.test(r.path))).toHaveLength(
      existing.length,
    );
    // Two searches (50 addresses each) and one role read per existing admin, plus the org reads (about ten);
    // one search per admin was MAX_ADMINS searches.
    const searches = requests.filter((r) => r.path === '/api/v2/users/search');
    expect(searches).toHaveLength(2);
    expect(requests.length).toBeLessThanOrEqual(existing.length + 2 + 15);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
  });
});
