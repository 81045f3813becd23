import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProvisionProgress, ProvisionResult } from '../../../provisioning/types.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../../workflows/provision-api.js';
import { testInput } from './harness.js';
import { waitFor } from '../support/wait-for.js';
import { useWorkerFleet } from '../support/worker-process.js';

const run = await useWorkerFleet('crash-test');
const { fleet, emulator } = run;

describe('a worker killed mid-run', () => {
  it('is replaced by a new worker that completes the run with no duplicates', async () => {
    const org = await emulator.createOrg(`crash-${randomBytes(4).toString('hex')}`);
    const input = await testInput({ emulatorUrl: emulator.url, org });
    // Slow every API call down so that the kill lands in the middle of the run.
    await emulator.setFaults({
      rules: [{ name: 'slow', match: { path: '/api/v2/**' }, latency: { fixedMs: 250 } }],
    });

    const first = fleet.start().child;
    const handle = await run.client.workflow.start('provisionWorkflow', {
      workflowId: provisionWorkflowId(input.org),
      taskQueue: fleet.taskQueue,
      args: [input],
    });
    // Kill once preflight is done and the parallel steps are under way.
    await waitFor('the parallel steps to start', async () => {
      const progress: ProvisionProgress = await handle.query(provisionProgressQuery);
      return progress.steps.some((s) => s.step !== 'preflight' && s.status === 'running')
        ? progress
        : undefined;
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    fleet.start();
    const result = (await handle.result()) as ProvisionResult;
    const after = await emulator.state(org.id);

    expect(result.status).toBe('completed');
    for (const name of ['PureEngage WDE', 'Agent Pacing Service (ewt)']) {
      expect(after.clients.filter((c) => c.name === name)).toHaveLength(1);
    }
    expect(after.users.filter((u) => u.email === input.admins[0]!.email)).toHaveLength(1);
    expect(after.identityProvider?.['issuerURI']).toBe(input.identityProvider.issuerURI);
    // The first worker really was working on it: some activity had to be retried on the second one.
    const history = await handle.fetchHistory();
    const retried = history.events?.some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
    expect(retried).toBe(true);
  });
});
