/**
 * Rotates one OAuth client's secret without an outage (blue/green), or in place.
 *
 * Either mode first refuses to start while provisioning of the org is open (org-interlock.ts).
 *
 * Blue/green (default):
 * 1. preflight: the client of that name, exactly one (snapshot: every undo is derived from it);
 * 2. create-twin: a client with the same configuration, named "<name> (rotated <UTC time>)", whose secret replaces
 *    the old one in the client's secret file (the old file moves to `<output>/oauth-clients/retired/`);
 * 3. grace: a durable timer while the PureEngage side deploys the new client; it ends early on the
 *    `finishClientRotationNow` signal, or once a usage query shows the old client made no request during a whole
 *    poll interval; cancelling the workflow rolls everything back;
 * 4. deactivate-old (state inactive), rename-twin (the twin takes the spec's name), delete-old (the API deletes
 *    only inactive clients). Deleting is last, so that every earlier failure can still be undone.
 * In place (`--in-place`): preflight, then regenerate-secret; the old secret stops working at once, so there is
 * nothing to undo and no grace period.
 */
import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities/client-secret-rotation.js';
import type {
  ClientSecretRotationStatus,
  GraceEnd,
  RotateClientSecretInput,
  RotateClientSecretResult,
} from '../provisioning/client-secret-rotation-types.js';
import { rotationTimestamp } from '../provisioning/rotation.js';
import type { StepName } from '../provisioning/types.js';
import { compensateThenFail } from './compensate.js';
import { refuseWhileOtherRunOpen } from './org-interlock.js';
import { ProgressTable } from './provision-progress.js';
import {
  clientSecretRotationStatusQuery,
  finishClientRotationNowSignal,
} from './rotate-client-secret-api.js';
import { tagOrgRun } from './run-attributes.js';
import { Saga } from './saga.js';
import { proxyStepActivities } from './step-activities.js';

const { act, undoAct } = proxyStepActivities<typeof activities>();

const BLUE_GREEN_STEPS = ['preflight', 'create-twin', 'grace', 'deactivate-old', 'rename-twin', 'delete-old'];
const IN_PLACE_STEPS = ['preflight', 'regenerate-secret'];

export async function rotateClientSecretWorkflow(
  input: RotateClientSecretInput,
): Promise<RotateClientSecretResult> {
  const startedAt = new Date();
  const timestamp = rotationTimestamp(startedAt);
  const blueGreen = input.mode === 'blue-green';
  // The step table is the provisioning one; its step names are plain strings at run time.
  const progress = new ProgressTable(
    input.org,
    (blueGreen ? BLUE_GREEN_STEPS : IN_PLACE_STEPS) as StepName[],
  );
  const track = <T>(step: string, run: () => Promise<T>, describe: (r: T) => string) =>
    progress.track(step as StepName, run, describe);
  const extra: Omit<ClientSecretRotationStatus, keyof ReturnType<ProgressTable['view']>> = {
    phase: 'running',
    mode: input.mode,
    finishRequested: false,
  };
  setHandler(clientSecretRotationStatusQuery, () => ({ ...progress.view(), ...extra }));
  setHandler(finishClientRotationNowSignal, () => {
    extra.finishRequested = true;
  });
  const setStatus = tagOrgRun(input.org, input.target.environment);
  const setPhase = (phase: ClientSecretRotationStatus['phase'], tag: string = phase) => {
    extra.phase = phase;
    setStatus(tag);
  };

  const saga = new Saga();
  const { target, outputDir } = input;

  try {
    await refuseWhileOtherRunOpen(
      { kind: 'rotate-client-secret', org: input.org, clientName: input.clientName },
      progress,
    );
    const old = await track(
      'preflight',
      () => act('preflight').inspectClientRotation({ target, name: input.clientName }),
      (s) => `client ${s.id} (${s.request.authorizedGrantType}, ${s.state})`,
    );
    extra.oldClientId = old.id;

    if (!blueGreen) {
      const done = await track(
        'regenerate-secret',
        () => act('regenerate-secret').regenerateClientSecret({ target, outputDir, old, timestamp }),
        (r) => `new secret in ${r.secretFile}; the old secret no longer works`,
      );
      extra.newClientId = old.id;
      setPhase('completed');
      progress.setRunStatus('completed');
      return {
        org: input.org,
        clientName: input.clientName,
        mode: input.mode,
        oldClientId: old.id,
        ...done,
        clientId: done.id,
      };
    }

    const twin = {
      target,
      outputDir,
      old,
      twinName: `${input.clientName} (rotated ${timestamp})`,
      marker: `[hybrid-provisioner rotation=${workflowInfo().runId}]`,
      timestamp,
    };
    saga.add('create-twin', () => undoAct('create-twin').removeTwinClient(twin));
    const created = await track(
      'create-twin',
      () => act('create-twin').createTwinClient(twin),
      (c) => `client ${c.id} "${twin.twinName}", secret in ${c.secretFile}`,
    );
    extra.newClientId = created.id;

    const graceStart = Date.now();
    const graceEndsAt = graceStart + input.graceMs;
    extra.graceEndsAt = new Date(graceEndsAt).toISOString();
    setPhase('grace');
    const graceEnd = await track(
      'grace',
      async (): Promise<GraceEnd> => {
        let windowStart = graceStart;
        for (;;) {
          const wait = Math.min(input.usagePollMs, graceEndsAt - Date.now());
          if (wait > 0 && (await condition(() => extra.finishRequested, wait))) return 'finish-signal';
          if (Date.now() >= graceEndsAt) return 'elapsed';
          const windowEnd = Date.now();
          const interval = `${new Date(windowStart).toISOString()}/${new Date(windowEnd).toISOString()}`;
          const usage = await act('grace').readClientUsage({ target, clientId: old.id, interval });
          extra.lastUsage = { interval, requests: usage.requests };
          if (usage.complete && usage.requests === 0) return 'no-use';
          windowStart = windowEnd;
        }
      },
      (end) =>
        end === 'no-use'
          ? `ended early: the old client made no request in ${extra.lastUsage?.interval}`
          : end === 'finish-signal'
            ? 'ended early by finishClientRotationNow'
            : `ended at ${extra.graceEndsAt}`,
    );
    setPhase('running');

    saga.add('deactivate-old', () =>
      undoAct('deactivate-old').updateRotatedClient({ target, id: old.id, changes: { state: old.state } }),
    );
    await track(
      'deactivate-old',
      () => act('deactivate-old').updateRotatedClient({ target, id: old.id, changes: { state: 'inactive' } }),
      () => `client ${old.id} is inactive; its tokens no longer work`,
    );

    saga.add('rename-twin', () =>
      undoAct('rename-twin').updateRotatedClient({
        target,
        id: created.id,
        changes: {
          name: twin.twinName,
          description: [old.request.description, twin.marker].filter(Boolean).join(' '),
        },
      }),
    );
    await track(
      'rename-twin',
      () =>
        act('rename-twin').updateRotatedClient({
          target,
          id: created.id,
          changes: { name: input.clientName, description: old.request.description },
        }),
      () => `client ${created.id} is now "${input.clientName}"`,
    );

    await track(
      'delete-old',
      () => act('delete-old').deleteRotatedClient({ target, id: old.id }),
      () => `client ${old.id} deleted`,
    );

    setPhase('completed');
    progress.setRunStatus('completed');
    return {
      org: input.org,
      clientName: input.clientName,
      mode: input.mode,
      oldClientId: old.id,
      clientId: created.id,
      secretFile: created.secretFile,
      graceEnd,
    };
  } catch (err) {
    setPhase('compensating');
    return compensateThenFail(err, {
      table: progress,
      saga,
      headline: (step) =>
        step ? `client-secret rotation step ${step} failed` : 'client-secret rotation failed',
      undone: 'The old client and its secret file are as they were before the rotation.',
      defaultType: 'RotationFailed',
      observe: {
        ended: ({ leftBehind }) =>
          leftBehind.length === 0 ? setPhase('rolled-back', 'compensated') : setPhase('compensation-failed'),
      },
    });
  }
}
