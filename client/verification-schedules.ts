/**
 * One Temporal Schedule per org (`verify/<org>`) that runs the verification workflow.
 *
 * The schedule's action arguments (the VerifyInput, secrets included as values) are stored by Temporal and
 * encrypted by the payload codec like any other payload, so the client that creates the schedule must use
 * `createDataConverter()`; the worker decrypts them with the same keys when a run starts.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';
import type { VerifyInput, VerifyResult } from '../verification/types.js';
import { verifyScheduleId } from '../workflows/verify-api.js';
import type { verifyWorkflow } from '../workflows/verify.js';
import { UsageError } from './usage-error.js';
import { verifyRunMetadata } from './verification-runs.js';

/** A missed run older than this is dropped, not caught up: the next one verifies the same org anyway. */
export const CATCHUP_WINDOW = '1 hour';

export interface ScheduleTiming {
  every?: string;
  cron?: string;
}

const EVERY = /^[1-9]\d*(s|m|h|d)$/;

/** Exactly one of --every / --cron, each checked before anything is sent. */
export function scheduleSpecOf(timing: ScheduleTiming): ScheduleSpec {
  if ((timing.every === undefined) === (timing.cron === undefined)) {
    throw new UsageError(
      'give exactly one of --every (e.g. --every 24h) or --cron (e.g. --cron "0 6 * * *")',
    );
  }
  if (timing.every !== undefined) {
    if (!EVERY.test(timing.every)) {
      throw new UsageError(
        `--every "${timing.every}" is not an interval; use a number and s, m, h or d, e.g. 24h`,
      );
    }
    return { intervals: [{ every: timing.every as `${number}${'s' | 'm' | 'h' | 'd'}` }] };
  }
  const cron = timing.cron!.trim();
  const fields = cron.split(/\s+/).length;
  if (!cron.startsWith('@') && (fields < 5 || fields > 7)) {
    throw new UsageError(
      `--cron "${cron}" must have 5 to 7 fields (minute hour day month weekday) or be like @daily`,
    );
  }
  return { cronExpressions: [cron] };
}

function actionOf(
  input: VerifyInput,
  taskQueue: string,
  specFile: string | undefined,
): ScheduleOptionsStartWorkflowAction<typeof verifyWorkflow> {
  return {
    type: 'startWorkflow',
    workflowType: 'verifyWorkflow',
    taskQueue,
    args: [input],
    ...verifyRunMetadata(input, specFile),
    // The server appends each run's timestamp: verify/<org>-2026-01-01T06:00:00Z.
    workflowId: verifyScheduleId(input.provision.org),
  };
}

const POLICIES = {
  overlap: ScheduleOverlapPolicy.SKIP,
  catchupWindow: CATCHUP_WINDOW,
  pauseOnFailure: false,
};

/** Creates the org's schedule, or updates it in place when it exists (so `create` can be run again). */
export async function upsertVerifySchedule(
  client: Client,
  input: VerifyInput,
  taskQueue: string,
  timing: ScheduleTiming,
  specFile?: string,
): Promise<'created' | 'updated'> {
  const spec = scheduleSpecOf(timing);
  const action = actionOf(input, taskQueue, specFile);
  const scheduleId = verifyScheduleId(input.provision.org);
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: POLICIES,
      state: { note: `verifies org ${input.provision.org}${input.remediate ? ', remediates drift' : ''}` },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({
    ...previous,
    spec,
    action,
    policies: POLICIES,
    state: { paused: previous.state.paused, note: previous.state.note },
  }));
  return 'updated';
}

export function verifyScheduleHandle(client: Client, org: string): ScheduleHandle {
  return client.schedule.getHandle(verifyScheduleId(org));
}

/** describe(), with a missing schedule turned into an error that says how to create one. */
export async function describeVerifySchedule(client: Client, org: string): Promise<ScheduleDescription> {
  try {
    return await verifyScheduleHandle(client, org).describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw noSchedule(org);
    throw error;
  }
}

export function noSchedule(org: string): UsageError {
  return new UsageError(
    `no schedule ${verifyScheduleId(org)}; create it with hybrid schedule create --spec FILE --every 24h`,
  );
}

/** Runs `fn` on the org's schedule handle, mapping "not found" to a usage error. */
export async function onVerifySchedule<T>(
  client: Client,
  org: string,
  fn: (h: ScheduleHandle) => Promise<T>,
): Promise<T> {
  try {
    return await fn(verifyScheduleHandle(client, org));
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw noSchedule(org);
    throw error;
  }
}

export interface LatestRun {
  workflowId: string;
  runId: string;
  status: string;
  /** The report, once the run completed. */
  result?: VerifyResult;
}

/** The most recent run the schedule started, with its report when it has completed. */
export async function latestVerifyRun(
  client: Client,
  description: ScheduleDescription,
): Promise<LatestRun | null> {
  const last = description.info.recentActions.at(-1);
  if (!last) return null;
  const { workflowId, firstExecutionRunId: runId } = last.action.workflow;
  const handle = client.workflow.getHandle<typeof verifyWorkflow>(workflowId, runId);
  const status = (await handle.describe()).status.name;
  return { workflowId, runId, status, ...(status === 'COMPLETED' ? { result: await handle.result() } : {}) };
}

/** Every verification schedule (ids `verify/…`). Listing is eventually consistent. */
export async function listVerifySchedules(client: Client) {
  const found = [];
  for await (const summary of client.schedule.list()) {
    if (summary.scheduleId.startsWith(verifyScheduleId(''))) found.push(summary);
  }
  return found;
}
