/**
 * Pure helpers of certificate rotation: when it is due, how long its grace period lasts, where its files go.
 * No Node built-ins: the rotation workflow (bundled into the Temporal sandbox) imports this module too.
 */
import { parseDuration } from './duration.js';
import type { RotateCertificateInput } from './rotation-types.js';
import type { ProvisionInput } from './types.js';

const DAY_MS = 86_400_000;

export interface RotationDue {
  /** ok: more than `warnDays` left; due: within `warnDays` of expiry; expired: past `notAfter`. */
  status: 'ok' | 'due' | 'expired';
  /** Whole days until `notAfter`, rounded down; negative once expired. */
  daysLeft: number;
  /** ISO-8601: `notAfter` minus `warnDays`, from when rotation is due. */
  dueAt: string;
  notAfter: string;
  /** One line for a verification report. */
  message: string;
}

/**
 * Whether the signing certificate should be rotated: due `warnDays` (default 90) before it expires, so that the
 * PureEngage administrators have time to deploy the new key during the grace period.
 */
export function rotationDue(
  notAfter: string | Date,
  now: Date,
  { warnDays = 90 }: { warnDays?: number } = {},
): RotationDue {
  const end = notAfter instanceof Date ? notAfter : new Date(notAfter);
  if (Number.isNaN(end.getTime())) {
    throw new TypeError(
      `notAfter must be an ISO-8601 date such as 2027-01-31T00:00:00.000Z (got ${String(notAfter)})`,
    );
  }
  if (Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  if (!Number.isFinite(warnDays) || warnDays < 0) {
    throw new TypeError(`warnDays must be a number of days of 0 or more (got ${warnDays})`);
  }
  const msLeft = end.getTime() - now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  const dueAt = new Date(end.getTime() - warnDays * DAY_MS).toISOString();
  const iso = end.toISOString();
  const rotate = 'rotate it with: hybrid rotate-cert --spec FILE';
  if (msLeft <= 0) {
    return {
      status: 'expired',
      daysLeft,
      dueAt,
      notAfter: iso,
      message: `the signing certificate expired on ${iso}; ${rotate}`,
    };
  }
  if (now.getTime() >= Date.parse(dueAt)) {
    return {
      status: 'due',
      daysLeft,
      dueAt,
      notAfter: iso,
      message: `the signing certificate expires on ${iso}, in ${daysLeft} days; rotation is due, ${rotate}`,
    };
  }
  return {
    status: 'ok',
    daysLeft,
    dueAt,
    notAfter: iso,
    message: `the signing certificate expires on ${iso}, in ${daysLeft} days; rotation is due from ${dueAt}`,
  };
}

/** A grace period longer than this is almost certainly a typo (`700d` for `70d`). */
export const MAX_GRACE_MS = 365 * DAY_MS;
export const DEFAULT_GRACE = '7d';

/** `--grace` as milliseconds: a whole number followed by s, m, h or d (`90s`, `36h`, `7d`). */
export function parseGrace(text: string): number {
  return parseDuration(text, '--grace', MAX_GRACE_MS, '365d');
}

/** `20261128T221208Z`: a UTC instant that sorts by time and is safe in a file name on every platform. */
export function rotationTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Where one rotation's files go, beside the current bundle. POSIX joins: the worker that owns `outputDir`
 * runs on Linux or macOS, and the workflow sandbox has no node:path.
 */
export function rotationPaths(
  outputDir: string,
  timestamp: string,
): { rotationDir: string; retiredDir: string } {
  const base = outputDir.replace(/\/+$/, '');
  return { rotationDir: `${base}/rotations/${timestamp}`, retiredDir: `${base}/retired/${timestamp}` };
}

/** The rotation workflow's input from the same spec-derived input a provisioning run gets. */
export function toRotateInput(provision: ProvisionInput, graceMs: number): RotateCertificateInput {
  return {
    org: provision.org,
    target: provision.target,
    outputDir: provision.outputDir,
    certificate: provision.certificate,
    graceMs,
  };
}
