/** The figures benches print: medians, percentiles, and how they are written. */
import type { TimedRequest } from './critical-path.js';

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
export const ms = (n: number) => `${n.toFixed(0)} ms`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
/** Ids in paths vary per org; the shape of the request is what matters. */
export const shape = (r: Pick<TimedRequest, 'method' | 'path'>) =>
  `${r.method} ${r.path.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27,}(?=\/|$)/gi, '/{id}')}`;
