/**
 * Why activities were retried, read from workflow histories: an ActivityTaskStarted event with attempt > 1
 * carries the previous attempt's failure. Server-side timeouts (heartbeat, start-to-close) are written by the
 * server in plain text; failures raised by activities are encrypted by the payload codec and show only their
 * type here.
 */
import type { WorkflowHandle } from '@temporalio/client';

const TIMEOUT_TYPES: Record<number, string> = {
  1: 'start-to-close timeout',
  2: 'schedule-to-start timeout',
  3: 'schedule-to-close timeout',
  4: 'heartbeat timeout',
};

/** Counts of `<activity type>: <reason>` over the retried attempts of the given workflows. */
export async function retryReasons(handles: readonly WorkflowHandle[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const handle of handles) {
    const events = (await handle.fetchHistory()).events ?? [];
    const activityTypes = new Map<string, string>();
    for (const event of events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) activityTypes.set(String(event.eventId), scheduled.activityType?.name ?? '?');
      const started = event.activityTaskStartedEventAttributes;
      if (!started || (started.attempt ?? 1) <= 1) continue;
      const failure = started.lastFailure;
      const timeout = failure?.timeoutFailureInfo?.timeoutType;
      const reason =
        timeout !== undefined && timeout !== null
          ? (TIMEOUT_TYPES[Number(timeout)] ?? `timeout ${String(timeout)}`)
          : (failure?.applicationFailureInfo?.type ?? failure?.message ?? 'unknown');
      const key = `${activityTypes.get(String(started.scheduledEventId)) ?? '?'}: ${reason}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}
