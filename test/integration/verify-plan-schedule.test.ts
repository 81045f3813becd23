import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { planProvisioning } from '../../drift/plan.js';
import {
  describeVerifySchedule,
  latestVerifyRun,
  listVerifySchedules,
  upsertVerifySchedule,
  verifyScheduleHandle,
} from '../../client/verification-schedules.js';
import {
  createTestOrg,
  provision,
  startVerifyHarness,
  type TestOrg,
  type VerifyHarness,
} from './verify/harness.js';

let harness: VerifyHarness;
let org: TestOrg;

beforeAll(async () => {
  harness = await startVerifyHarness(inject('temporalAddress'), inject('temporalNamespace'));
  org = await createTestOrg(inject('emulatorUrl'), 'plan');
});

afterAll(async () => {
  await org?.genesys.close();
  await harness?.stop();
});

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('plan', () => {
  it('lists every resource as a create on a fresh org, and writes nothing', async () => {
    const input = (await org.verifyInput()).provision;
    const before = await org.genesys.oauthClients.list();
    const items = await planProvisioning(input);
    expect(items.map((i) => `${i.kind}:${i.name}:${i.action}`)).toEqual([
      `certificate:${org.outputDir}:create`,
      'oauth-client:PureEngage WDE:create',
      'oauth-client:Agent Pacing Service (ewt):create',
      'role-permissions:employee:change',
      `admin:jane@${org.slug}.example.com:create`,
      'identity-provider:PureEngage:create',
    ]);
    expect(await org.genesys.oauthClients.list()).toEqual(before);
    expect(await org.genesys.identityProviders.getPureEngage()).toBeNull();
  });

  it('lists nothing to do once the org is provisioned', async () => {
    await provision(harness, org);
    const items = await planProvisioning((await org.verifyInput()).provision);
    expect(items.filter((i) => i.action !== 'none')).toEqual([]);
  });
});

describe('verification schedule', () => {
  it('creates the schedule, updates it when created twice, and a triggered run reports the org ok', async () => {
    const input = await org.verifyInput();
    expect(await upsertVerifySchedule(harness.client, input, harness.taskQueue, { every: '24h' })).toBe(
      'created',
    );
    expect(await upsertVerifySchedule(harness.client, input, harness.taskQueue, { cron: '0 6 * * *' })).toBe(
      'updated',
    );
    try {
      const described = await describeVerifySchedule(harness.client, org.slug);
      expect(described.spec.calendars?.length ?? 0).toBeGreaterThan(0);
      expect(described.spec.intervals ?? []).toEqual([]);
      expect(described.policies.overlap).toBe('SKIP');
      expect(described.policies.catchupWindow).toBe(3_600_000);
      // The action's arguments carry the org's credentials and key password: stored encrypted by the codec.
      const stored = described.raw.schedule?.action?.startWorkflow?.input?.payloads ?? [];
      expect(stored).toHaveLength(1);
      expect(Buffer.from(stored[0]!.metadata!['encoding']!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(stored[0]!.data!).toString('latin1')).not.toContain(org.env.T_CLIENT_SECRET);

      await verifyScheduleHandle(harness.client, org.slug).trigger();
      const withRun = await eventually(
        () => describeVerifySchedule(harness.client, org.slug),
        (d) => d.info.recentActions.length > 0,
      );
      const started = Date.now();
      const latest = await eventually(
        () => latestVerifyRun(harness.client, withRun),
        (l) => l?.status === 'COMPLETED' || l?.status === 'FAILED',
      );
      console.error(
        `[figures] scheduled verification run completed ${Date.now() - started} ms after it was seen`,
      );
      expect(latest?.workflowId).toMatch(new RegExp(`^verify/${org.slug}-`));
      expect(latest?.result?.status).toBe('ok');

      const run = await harness.client.workflow.getHandle(latest!.workflowId, latest!.runId).describe();
      expect(run.memo?.['verification']).toMatchObject({ status: 'ok', notOk: [] });
      expect(run.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
        expect.arrayContaining([
          ['HybridDrift', false],
          ['HybridOrg', org.slug],
        ]),
      );

      const listed = await eventually(
        () => listVerifySchedules(harness.client),
        (all) => all.some((s) => s.scheduleId === `verify/${org.slug}`),
      );
      expect(listed.map((s) => s.scheduleId)).toContain(`verify/${org.slug}`);
    } finally {
      await verifyScheduleHandle(harness.client, org.slug).delete();
    }
  });
});
