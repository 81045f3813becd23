/**
 * How large a provisioning run's input may be. Temporal warns at 256 KB per payload (and fails at 2 MB); the input
 * is one payload, written into history once and read on every replay, so it is kept to half the warning. A spec at
 * the count limits with ordinary names needs far less (test/unit/spec-hardening.test.ts prints the figure); only
 * long names in every list of a large spec get near it.
 */
import type { ProvisionInput } from './types.js';

export const MAX_INPUT_BYTES = 128 * 1024;

function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Why the input is too large, naming its largest field; undefined when it fits. */
export function inputBudgetProblem(input: ProvisionInput): string | undefined {
  const total = sizeOf(input);
  if (total <= MAX_INPUT_BYTES) return undefined;
  const fields = Object.entries(input).map(([field, value]) => ({ field, bytes: sizeOf(value) }));
  const largest = fields.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  return (
    `the run's input would be ${kib(total)}, more than the ${kib(MAX_INPUT_BYTES)} a run carries ` +
    `(Temporal warns at 256 KB); ${largest.field} takes ${kib(largest.bytes)}: shorten its names or split it over ` +
    'several specs provisioned one after the other'
  );
}
