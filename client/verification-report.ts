/** Verification reports as the CLI prints them. */
import type { CheckStatus, VerifyResult } from '../verification/types.js';

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

export function formatReport(report: VerifyResult): string {
  const lines = [`Verification of org ${report.org} at ${report.checkedAt}: ${report.status.toUpperCase()}`];
  for (const check of report.checks) {
    lines.push(`  ${MARK[check.status]} ${check.name}`);
    for (const detail of check.details) lines.push(`         ${detail}`);
  }
  if (report.remediation)
    lines.push(`Remediation: started ${report.remediation.workflowId} (${report.remediation.runId})`);
  return lines.join('\n');
}

/** The exit-1 message: which checks are not ok, by name. */
export function notOkSummary(report: VerifyResult): string {
  const bad = report.checks.filter((c) => c.status !== 'ok').map((c) => `${c.name} (${c.status})`);
  return `org ${report.org} is ${report.status === 'warn' ? 'not fully ok' : 'drifted or failing'}: ${bad.join(', ')}`;
}
