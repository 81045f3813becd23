// Determinism guard: every recorded history (test/fixtures/histories/, `npm run histories:record`) must replay on
// the current workflow code. A change to workflows/ that would break runs in flight (a rotation waiting out its
// grace period, a schedule's verification) fails here; CONTRIBUTING.md says how to make such a change safely.
//
// The current code comes in two bundles (scripts/build-workflow-bundle.ts), and a run may be replayed on either:
// a worker loads the traced one when tracing is on (worker/create-worker.ts workflowCodeOption), and a fleet can
// switch tracing on or off while runs are open (before the two bundles, every compiled worker ran the traced
// code). So every history, recorded by a plain worker or a traced one (`.traced`), replays on both.
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation.js';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import { DefaultLogger, Runtime, Worker, type InjectedSinks } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRACING_WORKFLOW_BUNDLE_PATH, WORKFLOW_BUNDLE_PATH } from '../../../build/layout.js';
import {
  fixtureDataConverter,
  loadFixtureHistories,
  TRACED_SUFFIX,
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

/** The scenarios test/replay/record-histories.ts records, on a plain worker and on a traced one. */
const MAIN_SHAPES = [
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
];

/** Every shape the issue asks to keep replayable; a missing recording fails rather than passing vacuously. */
const REQUIRED = [
  ...MAIN_SHAPES,
  ...MAIN_SHAPES.map((shape) => `${shape}${TRACED_SUFFIX}`),
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

/** Scheduled activities that carry the interceptor's trace context: only a traced worker adds it. */
const tracedActivityCount = (h: FixtureHistory) =>
  (h.history.events ?? []).filter(
    (e) => e.activityTaskScheduledEventAttributes?.header?.fields?.[TRACE_HEADER] != null,
  ).length;

/**
 * The bundles a compiled worker loads, built from the current sources by the unit project's global setup
 * (test/setup/build.ts): exactly the code deployments run, and no webpack in this file.
 */
const WORKFLOW_CODES = [
  { code: 'plain', codePath: WORKFLOW_BUNDLE_PATH, traces: false },
  {
    code: 'traced (OpenTelemetry workflow interceptor)',
    codePath: TRACING_WORKFLOW_BUNDLE_PATH,
    traces: true,
  },
];

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

  it('include recordings by a traced worker, and only those carry trace context', () => {
    for (const { name, history } of histories) {
      const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
      // Every workflow shape schedules activities, so a history without them proves nothing either way.
      expect({ name, scheduled: scheduled > 0 }).toEqual({ name, scheduled: true });
      const traced = tracedActivityCount({ name, history });
      expect({ name, traced }).toEqual({ name, traced: name.endsWith(TRACED_SUFFIX) ? scheduled : 0 });
    }
  });

  it.each(WORKFLOW_CODES)(
    'all replay on the current $code workflow code without a determinism error',
    async ({ codePath, traces }) => {
      // Counts the workflow spans the code hands to the worker's `exporter` sink (observability/tracing.ts), also
      // on replay: proof that this pass runs the interceptor, or does not.
      let spans = 0;
      const sinks: InjectedSinks<OpenTelemetrySinks> = {
        exporter: {
          export: { fn: (_info, exported) => void (spans += exported.length), callDuringReplay: true },
        },
      };
      const results = Worker.runReplayHistories(
        // The same converter shape as the worker (codec + failure converter, bundled into both bundles).
        { workflowBundle: { codePath }, sinks, dataConverter: await fixtureDataConverter() },
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
      expect(spans > 0).toBe(traces);
    },
  );
});
