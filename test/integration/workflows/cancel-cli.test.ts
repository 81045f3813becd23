// `hybrid cancel` in a child process against runs of the real workflow with stubbed activities: it says what
// really happened (undone, left behind, still compensating) and its exit code agrees.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runHybrid, type CliOutcome } from '../support/hybrid-cli.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../../workflows/provision-api.js';
import {
  blockUntilCancelled,
  failing,
  startStubWorker,
  stubProvisionInput,
  type StubWorker,
} from './stub-worker.js';

let worker: StubWorker;

beforeAll(async () => {
  worker = await startStubWorker(inject('temporalAddress'), inject('temporalNamespace'));
});
afterAll(async () => {
  await worker?.stop();
});

async function hybrid(...args: string[]): Promise<CliOutcome> {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    HYBRID_CODEC_KEY: worker.codecKey,
  };
  return runHybrid(args, env);
}

/** A provisioning run blocked in its admin step, so that there is something to cancel and to undo. */
async function runBlockedInAdmin(undos: Parameters<StubWorker['override']>[1] = {}) {
  const org = `cancel-${randomBytes(4).toString('hex')}`;
  worker.override(provisionWorkflowId(org), { ensureAdmin: blockUntilCancelled, ...undos });
  const handle = await worker.client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(org),
    taskQueue: worker.taskQueue,
    args: [stubProvisionInput(org)],
  });
  for (;;) {
    const progress = await handle.query(provisionProgressQuery);
    if (progress.steps.some((s) => s.step.startsWith('admin:') && s.status === 'running')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { org, handle };
}

describe('hybrid cancel', () => {
  it('exits 0 and says so when every change was undone', async () => {
    const { org } = await runBlockedInAdmin();
    const cancelled = await hybrid('cancel', org);
    expect(cancelled.stdout).toContain(`Cancelled provision/${org}; every change it made was undone.`);
    expect(cancelled.code).toBe(0);
  });

  it('exits 1 and names the steps left behind when an undo fails', async () => {
    const { org } = await runBlockedInAdmin({
      undoOAuthClient: failing('DELETE /api/v2/oauth/clients/x failed with 400'),
    });
    const cancelled = await hybrid('cancel', org);
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toContain(
      `cancelling provision/${org} left changes behind: the undo of oauth-client:Pacing, oauth-client:WDE failed`,
    );
    expect(cancelled.stdout).toContain(`${org}: compensation-failed`);
    expect(cancelled.stdout).not.toContain('undone.');
  });

  it('shows the undo being retried and why, and stops waiting on --timeout or --no-wait with the run still compensating', async () => {
    const { org, handle } = await runBlockedInAdmin({
      undoAdmin: failing('DELETE /api/v2/users/user-1 failed with 503 Service Unavailable', true),
    });
    try {
      const detached = await hybrid('cancel', org, '--no-wait');
      expect(detached.code).toBe(0);
      expect(detached.stderr).toContain(
        `Cancellation requested for provision/${org}; it compensates in the background.`,
      );

      const waited = await hybrid('cancel', org, '--timeout', '5s');
      expect(waited.code).toBe(1);
      expect(waited.stderr).toMatch(
        new RegExp(
          `undo of admin:jane@${org}\\.example\\.com, undoAdmin: retrying \\(attempt \\d+\\), ` +
            'last failure: DELETE /api/v2/users/user-1 failed with 503 Service Unavailable',
        ),
      );
      expect(waited.stderr).toContain(
        `gave up waiting after --timeout 5s: provision/${org} is still compensating. It is retrying: undoAdmin`,
      );
      expect(waited.stdout).toContain(`admin:jane@${org}.example.com`);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await handle.terminate('test over');
    }
  });

  it('refuses a bad --timeout before touching anything (exit 2)', async () => {
    const refused = await hybrid('cancel', 'no-such-org', '--timeout', 'soon');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--timeout must be a positive whole number');
  });
});
