import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolveTemporalCli } from '../../temporal-cli/resolve.js';
import { runHybrid, type CliOutcome } from './support/hybrid-cli.js';
import {
  createTestOrg,
  provision,
  startVerifyHarness,
  type TestOrg,
  type VerifyHarness,
} from './verify/harness.js';

const run = promisify(execFile);

let harness: VerifyHarness;
let org: TestOrg;

beforeAll(async () => {
  harness = await startVerifyHarness(inject('temporalAddress'), inject('temporalNamespace'));
  org = await createTestOrg(inject('emulatorUrl'), 'cli');
  await provision(harness, org);
});

afterAll(async () => {
  await org?.genesys.close();
  await harness?.stop();
});

/** The `hybrid` CLI in a child process, against the test's dev server, codec key and task queue. */
async function hybrid(...args: string[]): Promise<CliOutcome> {
  const env = {
    ...process.env,
    ...org.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    HYBRID_CODEC_KEY: harness.codecKey,
    HYBRID_TASK_QUEUE: harness.taskQueue,
  };
  return runHybrid(args, env);
}

describe('hybrid plan, verify and schedule', () => {
  it('plans nothing to do and verifies ok (exit 0) on a provisioned org', async () => {
    const plan = await hybrid('plan', '--spec', org.specPath, '--json');
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as { action: string }[]).every((i) => i.action === 'none')).toBe(true);
    const started = Date.now();
    const verified = await hybrid('verify', '--spec', org.specPath);
    console.error(
      `[figures] hybrid verify (CLI process incl. tsx start) wall time: ${Date.now() - started} ms`,
    );
    expect(verified.stdout).toContain(`Verification of org ${org.slug}`);
    expect(verified.code).toBe(0);
  });

  it('reports drift made behind its back with exit code 1, naming the check', async () => {
    const idp = (await org.genesys.identityProviders.getPureEngage())!;
    await org.genesys.identityProviders.putPureEngage({ ...idp, autoProvisionUsers: false });
    try {
      const verified = await hybrid('verify', '--spec', org.specPath, '--json');
      expect(verified.code).toBe(1);
      expect(JSON.parse(verified.stdout)).toMatchObject({ org: org.slug, status: 'fail' });
      expect(verified.stderr).toContain('idp:auto-provisioning (fail)');
    } finally {
      await org.genesys.identityProviders.putPureEngage(idp);
    }
  });

  it('exits 2 on a usage error before touching anything', async () => {
    expect((await hybrid('verify', '--spec', '/nonexistent/org.yaml')).code).toBe(2);
    expect((await hybrid('schedule', 'create', '--spec', org.specPath)).code).toBe(2);
  });

  it('creates a schedule the Temporal CLI lists, and deletes it', async () => {
    const created = await hybrid('schedule', 'create', '--spec', org.specPath, '--every', '24h');
    expect(created.stdout).toContain(`Created schedule verify/${org.slug}`);
    expect((await hybrid('schedule', 'create', '--spec', org.specPath, '--every', '12h')).stdout).toContain(
      'Updated',
    );
    try {
      const temporal = await resolveTemporalCli({ log: () => {} });
      const deadline = Date.now() + 20_000;
      let listed = '';
      while (!listed.includes(`verify/${org.slug}`) && Date.now() < deadline) {
        listed = (
          await run(temporal, [
            'schedule',
            'list',
            '--address',
            inject('temporalAddress'),
            '--namespace',
            inject('temporalNamespace'),
          ])
        ).stdout;
      }
      expect(listed).toContain(`verify/${org.slug}`);
      expect((await hybrid('schedule', 'pause', org.slug)).code).toBe(0);
      const described = await hybrid('schedule', 'describe', org.slug);
      expect(described.stdout).toContain(`verify/${org.slug}: paused`);
    } finally {
      expect((await hybrid('schedule', 'delete', org.slug)).code).toBe(0);
    }
    expect((await hybrid('schedule', 'trigger', org.slug)).code).toBe(2);
    // Seven CLI processes, each starting tsx: give a loaded machine room.
  }, 300_000);
});
