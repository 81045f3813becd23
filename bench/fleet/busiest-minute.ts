/**
 * The per-org request budget, checked from outside: the most requests one org's client sent in any 60 s
 * window, from the emulator's request log. Stricter than the emulator's own fixed windows per token (a sliding
 * window catches a burst straddling two fixed ones, and one client may hold several tokens, one per worker).
 */
import type { RequestLogEntry } from '../../emulator/request-log.js';

/** The most of `times` (ms) in any 60 s window; a window's maximum starts at one of the times. */
export function busiestMinute(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - 59_999) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Per client id: the busiest minute of its requests (server arrival time = log time − duration). */
export function busiestMinuteByClient(entries: readonly RequestLogEntry[]): Map<string, number> {
  const byClient = new Map<string, number[]>();
  for (const e of entries) {
    if (!e.clientId) continue;
    const arrived = Date.parse(e.time) - e.durationMs;
    byClient.set(e.clientId, [...(byClient.get(e.clientId) ?? []), arrived]);
  }
  return new Map([...byClient].map(([client, times]) => [client, busiestMinute(times)]));
}
