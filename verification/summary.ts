/**
 * What the verification workflow derives from a report: the memo the Temporal UI shows and whether
 * provisioning can repair it. No imports beyond types: the workflow bundle includes this module.
 */
import type { DriftKind } from '../drift/types.js';
import type { CheckStatus, VerificationReport } from './types.js';

const DRIFT_KINDS: readonly DriftKind[] = [
  'certificate',
  'oauth-client',
  'identity-provider',
  'role-permissions',
  'admin',
];
/** The SDK warns above 2 KiB of memo; the full report is the workflow's result. */
const MAX_LISTED = 8;

export interface VerificationMemo {
  status: CheckStatus;
  checkedAt: string;
  /** e.g. "12 ok, 1 warn, 2 fail". */
  counts: string;
  /** Names of the checks that are not ok (at most 8, then "+N more"). */
  notOk: string[];
}

export function verificationMemo(report: VerificationReport): VerificationMemo {
  const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
  const notOk = report.checks.filter((c) => c.status !== 'ok').map((c) => `${c.status}: ${c.name}`);
  const listed =
    notOk.length > MAX_LISTED ? [...notOk.slice(0, MAX_LISTED), `+${notOk.length - MAX_LISTED} more`] : notOk;
  return {
    status: report.status,
    checkedAt: report.checkedAt,
    counts: `${count('ok')} ok, ${count('warn')} warn, ${count('fail')} fail`,
    notOk: listed,
  };
}

/** Failed drift checks are what provisioning repairs; expiry wants rotation and a failed sign-in a person. */
export function needsRemediation(report: VerificationReport): boolean {
  return report.checks.some(
    (c) =>
      c.status === 'fail' &&
      DRIFT_KINDS.some((kind) => c.name.startsWith(`${kind}:`) && c.name !== 'certificate:expiry'),
  );
}
