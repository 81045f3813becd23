/**
 * Following a provisioning run after a cancellation: its progress (the `progress` query) and, while an undo
 * is retried, which activity and why (the server's pending activities). The caller can stop following at
 * any time through `signal` (Ctrl-C, `--timeout`); the run goes on compensating.
 */
import type { ProvisionProgress, ProvisionResult } from '../provisioning/types.js';
import { provisionProgressQuery } from '../workflows/provision-api.js';
import { followRun } from './follow-run.js';
import { describeRetries, pendingActivitiesOf } from './pending-undo.js';
import type { ProvisionHandle } from './provisioning-runs.js';

export interface CompensationView {
  progress: ProvisionProgress | undefined;
  /** One line per activity being retried (see describeRetries). */
  retries: string[];
}

/** Reads both; either can be missing for a moment (no worker answering the query yet), never both fatal. */
export async function readCompensation(handle: ProvisionHandle): Promise<CompensationView> {
  const [progress, pending] = await Promise.all([
    handle.query(provisionProgressQuery).catch(() => undefined),
    pendingActivitiesOf(handle).catch(() => []),
  ]);
  return { progress, retries: describeRetries(pending) };
}

/** Lines for what changed since the last call: step rows and retry lines (`seen` remembers what was said). */
export function compensationChanges(view: CompensationView, seen: Set<string>): string[] {
  const lines: string[] = [];
  for (const step of view.progress?.steps ?? []) {
    if (step.status === 'pending') continue;
    const line = `  ${step.step}: ${step.status}${step.detail ? ` (${step.detail})` : ''}`;
    if (!seen.has(line)) lines.push(line);
  }
  const compensating = view.progress?.steps.find((s) => s.status === 'compensating')?.step;
  for (const retry of view.retries) {
    const line = `  ${compensating ? `undo of ${compensating}, ` : ''}${retry}`;
    if (!seen.has(line)) lines.push(line);
  }
  lines.forEach((line) => seen.add(line));
  return lines;
}

export function watchCompensation(
  handle: ProvisionHandle,
  options: { onLine: (line: string) => void; signal?: AbortSignal; intervalMs?: number },
): Promise<ProvisionResult> {
  const seen = new Set<string>();
  return followRun({
    result: handle.result(),
    read: () => readCompensation(handle),
    changeKey: (view) => JSON.stringify(view),
    onChange: (view) => compensationChanges(view, seen).forEach(options.onLine),
    intervalMs: options.intervalMs ?? 1000,
    signal: options.signal,
  });
}
