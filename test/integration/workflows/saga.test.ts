// The workflow logic on its own: saga order, cancellation, compensation failure, the progress query and the
// provision/rotate interlock, with stubbed activities on the shared dev server. About a second per test.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseGrace, toRotateInput } from '../../../provisioning/rotation.js';
import type { ProvisionProgress } from '../../../provisioning/types.js';
import type { RotationStatus } from '../../../provisioning/rotation-types.js';
import { refuseIfOtherRunOpen, RunConflictError } from '../../../client/run-interlock.js';
import { runEndOf } from '../../../client/run-outcome.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../../workflows/provision-api.js';
import { rotateWorkflowId, rotationStatusQuery } from '../../../workflows/rotate-api.js';
import { COMPENSATION_FAILED } from '../../../workflows/compensate.js';
import {
  blockUntilCancelled,
  failing,
  startStubWorker,
  stubProvisionInput,
  stubProvisionRun,
  type StubWorker,
} from './stub-worker.js';
import { failureOf, until } from './run-helpers.js';

let worker: StubWorker;
let client: Client;

beforeAll(async () => {
  worker = await startStubWorker(inject('temporalAddress'), inject('temporalNamespace'));
  client = worker.client;
});
afterAll(async () => {
  await worker?.stop();
});

const newOrg = () => `saga-${randomBytes(4).toString('hex')}`;

function startProvision(org: string) {
  return client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(org),
    taskQueue: worker.taskQueue,
    args: [stubProvisionInput(org)],
  });
}

function startRotation(org: string) {
  return client.workflow.start('rotateCertificateWorkflow', {
    workflowId: rotateWorkflowId(org),
    taskQueue: worker.taskQueue,
    args: [toRotateInput(stubProvisionInput(org), parseGrace('1h'))],
  });
}

const UNDOS = /^(removeCertificate|undo|revoke|restore)/;

describe('provisioning saga with stubbed activities', () => {
  it('undoes newest first when a step fails for good, and the query shows every step compensated', async () => {
    const org = newOrg();
    const workflowId = provisionWorkflowId(org);
    worker.override(workflowId, { ensureIdentityProvider: failing('identity provider refused') });
    const handle = await startProvision(org);

    const error = await failureOf(handle.result());

    expect(error.cause).toBeInstanceOf(ApplicationFailure);
    expect((error.cause as ApplicationFailure).type).toBe('InjectedFailure');
    expect(error.cause?.message).toBe(
      'identity-provider failed: identity provider refused. Every change was undone. Undone, newest first: ' +
        `identity-provider, certificate, admin:jane@${org}.example.com, role-permissions:employee, ` +
        'oauth-client:Pacing, oauth-client:WDE.',
    );
    // Registered as the steps were built (clients, roles, admins, certificate, then the provider).
    expect(worker.calls(workflowId).filter((c) => UNDOS.test(c))).toEqual([
      'restoreIdentityProvider',
      'removeCertificate',
      `undoAdmin:jane@${org}.example.com`,
      'revokeRolePermissions:employee',
      'undoOAuthClient:Pacing',
      'undoOAuthClient:WDE',
    ]);
    const progress = await handle.query(provisionProgressQuery);
    expect(progress.status).toBe('compensated');
    expect(progress.failure).toMatchObject({ step: 'identity-provider', type: 'InjectedFailure' });
    const [preflight, ...changing] = progress.steps;
    expect(preflight).toMatchObject({ step: 'preflight', status: 'done' });
    expect(changing.map((s) => s.status)).toEqual(Array(changing.length).fill('compensated'));
  });

  it('shows a running step in the progress query, and a cancellation undoes everything', async () => {
    const org = newOrg();
    const workflowId = provisionWorkflowId(org);
    worker.override(workflowId, { ensureAdmin: blockUntilCancelled });
    const handle = await startProvision(org);

    const running = await until(
      () => handle.query(provisionProgressQuery),
      (p) => p.steps.some((s) => s.step.startsWith('admin:') && s.status === 'running'),
    );
    expect(running.status).toBe('running');
    const status = Object.fromEntries(running.steps.map((s) => [s.step, s.status]));
    expect(status).toMatchObject({ preflight: 'done', 'identity-provider': 'pending' });
    await handle.cancel();

    const error = await failureOf(handle.result());
    expect(error.cause).toBeInstanceOf(CancelledFailure);
    expect(runEndOf(error)).toEqual({ kind: 'cancelled' });
    expect(worker.calls(workflowId).filter((c) => UNDOS.test(c))).toHaveLength(5);
    expect((await handle.query(provisionProgressQuery)).status).toBe('compensated');
  });

  it('a cancellation whose undo fails ends in CompensationFailed naming the step, not in a clean cancel', async () => {
    const org = newOrg();
    const workflowId = provisionWorkflowId(org);
    worker.override(workflowId, {
      ensureAdmin: blockUntilCancelled,
      undoOAuthClient: failing('DELETE /api/v2/oauth/clients/x failed with 400'),
    });
    const handle = await startProvision(org);
    await until(
      () => handle.query(provisionProgressQuery),
      (p) => p.steps.some((s) => s.step.startsWith('admin:') && s.status === 'running'),
    );
    await handle.cancel();

    const error = await failureOf(handle.result());
    expect(error.cause).toBeInstanceOf(ApplicationFailure);
    expect((error.cause as ApplicationFailure).type).toBe(COMPENSATION_FAILED);
    expect(runEndOf(error)).toMatchObject({
      kind: 'compensation-failed',
      cancelled: true,
      leftBehind: ['oauth-client:Pacing', 'oauth-client:WDE'],
    });
    const progress: ProvisionProgress = await handle.query(provisionProgressQuery);
    expect(progress.status).toBe('compensation-failed');
    expect(progress.steps.find((s) => s.step === 'oauth-client:WDE')).toMatchObject({
      status: 'failed',
      detail: 'DELETE /api/v2/oauth/clients/x failed with 400',
    });
    // Every other undo still ran.
    expect(progress.steps.find((s) => s.step === 'certificate')?.status).toBe('compensated');
  });

  it('waits for sibling steps before undoing, so an undo never runs before the step it undoes ends', async () => {
    const org = newOrg();
    const events: string[] = [];
    worker.override(provisionWorkflowId(org), {
      ensureCertificate: failing('disk full'),
      ensureAdmin: async () => {
        await new Promise((r) => setTimeout(r, 300));
        events.push('ensureAdmin ended');
        return { email: `jane@${org}.example.com`, id: 'user-1', outcome: 'created' };
      },
      undoAdmin: async () => {
        events.push('undoAdmin started');
      },
    });
    await failureOf((await startProvision(org)).result());
    expect(events).toEqual(['ensureAdmin ended', 'undoAdmin started']);
  });

  it('a failure whose undo fails says so in the failure as well', async () => {
    const org = newOrg();
    const workflowId = provisionWorkflowId(org);
    worker.override(workflowId, {
      ensureIdentityProvider: failing('identity provider refused'),
      removeCertificate: failing('EACCES: permission denied'),
    });
    const error = await failureOf((await startProvision(org)).result());
    expect(runEndOf(error)).toMatchObject({
      kind: 'compensation-failed',
      cancelled: false,
      leftBehind: ['certificate'],
    });
    expect(error.cause?.message).toBe(
      'identity-provider failed: identity provider refused. Compensation failed for: certificate; ' +
        'these changes are left in place.',
    );
  });
});

describe('provision/<org> and rotate/<org> never interleave', () => {
  it('a provisioning run refuses to start while the rotation is open, and the CLI check refuses too', async () => {
    const org = newOrg();
    const rotation = await startRotation(org);
    await until(
      () => rotation.query(rotationStatusQuery),
      (s: RotationStatus) => s.status === 'grace',
    );

    const provision = await startProvision(org);
    const error = await failureOf(provision.result());
    expect((error.cause as ApplicationFailure).type).toBe('RunConflict');
    expect(error.cause?.message).toContain(
      `refusing to provision ${org}: the certificate rotation rotate/${org} (run ${rotation.firstExecutionRunId}) is open`,
    );
    expect(error.cause?.message).toContain(`hybrid cancel-rotation ${org}`);
    // It changed nothing: besides the key generated ahead in memory (certificate-key-ahead), the interlock's
    // look-ups (the certificate rotation, and a client-secret rotation per client of the spec) were its only
    // activities.
    expect(worker.calls(provisionWorkflowId(org)).filter((c) => c !== 'prepareCertificate')).toEqual([
      'describeOpenRun',
      'describeOpenRun',
      'describeOpenRun',
    ]);
    const progress = await provision.query(provisionProgressQuery);
    expect(progress.steps[0]).toMatchObject({ step: 'preflight', status: 'failed' });
    await expect(refuseIfOtherRunOpen(client, stubProvisionRun(org))).rejects.toThrow(RunConflictError);

    await rotation.cancel();
    expect(runEndOf(await failureOf(rotation.result()))).toEqual({ kind: 'cancelled' });
    // Every rotation activity that changes something has a heartbeat timeout: a dead worker is noticed in 30 s.
    const history = await rotation.fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : [],
    );
    const timeouts = scheduled
      .filter((a) => a.activityType?.name !== 'describeOpenRun')
      .map((a) => [a.activityType?.name, Number(a.heartbeatTimeout?.seconds ?? 0)]);
    expect(timeouts.length).toBeGreaterThanOrEqual(5);
    for (const [name, seconds] of timeouts) expect({ name, seconds }).toEqual({ name, seconds: 30 });
    await expect(refuseIfOtherRunOpen(client, stubProvisionRun(org))).resolves.toBeUndefined();
  });

  it('a rotation refuses to start while provisioning is open', async () => {
    const org = newOrg();
    worker.override(provisionWorkflowId(org), { ensureAdmin: blockUntilCancelled });
    const provision = await startProvision(org);
    await until(
      () => provision.query(provisionProgressQuery),
      (p) => p.steps.some((s) => s.step.startsWith('admin:') && s.status === 'running'),
    );

    const error = await failureOf((await startRotation(org)).result());
    expect((error.cause as ApplicationFailure).type).toBe('RunConflict');
    expect(error.cause?.message).toContain(
      `refusing to rotate the certificate of ${org}: the provisioning run provision/${org}`,
    );
    expect(error.cause?.message).toContain(`hybrid cancel ${org}`);
    expect(worker.calls(rotateWorkflowId(org))).toEqual(['describeOpenRun']);
    await expect(refuseIfOtherRunOpen(client, { kind: 'rotate', org })).rejects.toThrow(
      `the provisioning run provision/${org} (run ${provision.firstExecutionRunId}) is open`,
    );
    await provision.cancel();
    await failureOf(provision.result());
  });
});
