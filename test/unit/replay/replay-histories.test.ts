// Determinism guard: every recorded history (test/fixtures/histories/, `npm run histories:record`) must replay on
// the current workflow code. A change to workflows/ that would break runs in flight (a rotation waiting out its
// grace period, a schedule's verification) fails here; CONTRIBUTING.md says how to make such a change safely.
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../../worker/create-worker.js';
import {
  fixtureDataConverter,
  loadFixtureHistories,
  type FixtureHistory,
} from '../../replay/fixture-histories.js';

/** The shapes whose commands the client-rotation-interlock patch changed. */
const CLIENT_ROTATION_INTERLOCK_SHAPES = [
  'provision-completed',
  'provision-compensated',
  'provision-cancelled',
  'rotate-client-secret-no-use',
  'rotate-client-secret-finished-early',
  'rotate-client-secret-cancelled',
  'rotate-client-secret-in-place',
];

/** Every shape the issue asks to keep replayable; a missing recording fails rather than passing vacuously. */
const REQUIRED = [
  'provision-completed',
  'provision-compensated',
  'provision-cancelled',
  'verify-clean',
  'verify-drifted',
  'rotate-through-grace',
  'rotate-finished-early',
  'rotate-cancelled',
  'certificate',
  'rotate-client-secret-no-use',
  'rotate-client-secret-finished-early',
  'rotate-client-secret-cancelled',
  'rotate-client-secret-in-place',
  // Recorded before workflows/verify.ts's patched('verify-run-status') change: runs in flight during that upgrade.
  // Kept as they are (the recorder never rewrites them); they fail to replay if the patched() branch is deleted.
  'verify-clean.before-verify-run-status-patch',
  'verify-drifted.before-verify-run-status-patch',
  // Recorded before workflows/provision.ts's patched('certificate-key-ahead') change (the key generated from the
  // start of the run): provisionings in flight during that upgrade.
  'provision-completed.before-certificate-key-ahead-patch',
  'provision-compensated.before-certificate-key-ahead-patch',
  'provision-cancelled.before-certificate-key-ahead-patch',
  // Recorded before org-interlock.ts's patched('client-rotation-interlock') change (provisioning also looks for a
  // client-secret rotation of each of its clients; a client-secret rotation looks for provisioning).
  ...CLIENT_ROTATION_INTERLOCK_SHAPES.map((shape) => `${shape}.before-client-rotation-interlock-patch`),
];

const markerCount = (h: FixtureHistory) =>
  (h.history.events ?? []).filter((e) => e.markerRecordedEventAttributes != null).length;

let histories: FixtureHistory[];
beforeAll(async () => {
  // Replay workers log every state change at INFO; only problems matter here.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  histories = await loadFixtureHistories();
});

describe('recorded workflow histories', () => {
  it('cover every workflow type in its main shapes', () => {
    expect(histories.map((h) => h.name)).toEqual(expect.arrayContaining(REQUIRED));
  });

  it('include verifications from before and after the verify-run-status patch', () => {
    const byName = new Map(histories.map((h) => [h.name, h]));
    expect(markerCount(byName.get('verify-clean.before-verify-run-status-patch')!)).toBe(0);
    expect(markerCount(byName.get('verify-clean')!)).toBe(1);
  });

  it('include provisionings from before and after the certificate-key-ahead patch', () => {
    const byName = new Map(histories.map((h) => [h.name, h]));
    const scheduled = (h: FixtureHistory) =>
      (h.history.events ?? []).flatMap(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
      );
    for (const shape of ['completed', 'compensated', 'cancelled']) {
      expect(scheduled(byName.get(`provision-${shape}.before-certificate-key-ahead-patch`)!)).not.toContain(
        'prepareCertificate',
      );
      expect(markerCount(byName.get(`provision-${shape}.before-certificate-key-ahead-patch`)!)).toBe(0);
      expect(scheduled(byName.get(`provision-${shape}`)!)).toContain('prepareCertificate');
      // certificate-key-ahead's marker and client-rotation-interlock's.
      expect(markerCount(byName.get(`provision-${shape}`)!)).toBe(2);
    }
  });

  it('include provisionings and client-secret rotations from before and after the client-rotation-interlock patch', () => {
    const byName = new Map(histories.map((h) => [h.name, h]));
    const lookUps = (h: FixtureHistory) =>
      (h.history.events ?? []).filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'describeOpenRun',
      ).length;
    for (const shape of CLIENT_ROTATION_INTERLOCK_SHAPES) {
      const before = byName.get(`${shape}.before-client-rotation-interlock-patch`)!;
      const after = byName.get(shape)!;
      // Provisioning: one more per client of the recording spec (two); a client-secret rotation: its first.
      expect({ shape, added: lookUps(after) - lookUps(before) }).toEqual({
        shape,
        added: shape.startsWith('provision') ? 2 : 1,
      });
      expect({ shape, markers: markerCount(after) - markerCount(before) }).toEqual({ shape, markers: 1 });
    }
  });

  it('all replay on the current workflow code without a determinism error', async () => {
    const results = Worker.runReplayHistories(
      // The production bundle entry and the same converter shape as the worker (codec + failure converter).
      { workflowsPath: WORKFLOWS_PATH, dataConverter: await fixtureDataConverter() },
      histories.map(({ name, history }) => ({ workflowId: name, history })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  });
});
