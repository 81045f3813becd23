/**
 * What a compensating run is waiting on, from the server's record of its pending activities: the activity,
 * its attempt and the last failure (decoded with the client's codec: failure messages are encrypted in
 * Temporal). An undo that keeps failing with 503 retries for a long time; this names it and says why.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { failureMessage } from '../workflows/step-table.js';

export interface PendingActivity {
  activity: string;
  attempt: number;
  /** 0 means unlimited. */
  maximumAttempts: number;
  lastFailure?: string;
  nextAttemptAt?: string;
  /** When its retry budget (schedule-to-close timeout) runs out and the retrying stops. */
  givesUpAt?: string;
}

function isoOf(time: { seconds?: unknown; nanos?: number | null } | null | undefined): string | undefined {
  if (!time?.seconds) return undefined;
  return new Date(Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6)).toISOString();
}

export async function pendingActivitiesOf(handle: WorkflowHandle): Promise<PendingActivity[]> {
  const { raw } = await handle.describe();
  const converter = handle.client.options.loadedDataConverter;
  return Promise.all(
    (raw.pendingActivities ?? []).map(async (pending) => {
      const failure = await decodeOptionalFailureToOptionalError(converter, pending.lastFailure);
      const nextAttemptAt = isoOf(pending.nextAttemptScheduleTime);
      const givesUpAt = isoOf(pending.expirationTime);
      return {
        activity: pending.activityType?.name ?? 'unknown activity',
        attempt: pending.attempt ?? 1,
        maximumAttempts: pending.maximumAttempts ?? 0,
        ...(failure && { lastFailure: failureMessage(failure) }),
        ...(nextAttemptAt && { nextAttemptAt }),
        ...(givesUpAt && { givesUpAt }),
      };
    }),
  );
}

/**
 * One line per activity being retried, e.g. `undoAdmin: retrying (attempt 7), last failure: ...503...; next try
 * at ...; gives up at ...`. Steps retry within a time budget (workflows/step-activities.ts), not a count.
 */
export function describeRetries(pending: PendingActivity[]): string[] {
  return pending
    .filter((p) => p.attempt > 1 && p.lastFailure)
    .map((p) => {
      const of = p.maximumAttempts > 0 ? ` of ${p.maximumAttempts}` : '';
      const next = p.nextAttemptAt ? `; next try at ${p.nextAttemptAt}` : '';
      const until = p.givesUpAt ? `; gives up at ${p.givesUpAt}` : '';
      return `${p.activity}: retrying (attempt ${p.attempt}${of}), last failure: ${p.lastFailure}${next}${until}`;
    });
}
