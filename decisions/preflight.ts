/**
 * Why provisioning refuses to start: every problem of every resource, reported at once as one failure.
 * Its type is the most fundamental kind present (a spec the org cannot satisfy, then an issuer URI another
 * provider holds, then resources `onExisting: fail` forbids adopting), and its message lists them all.
 */
import type { NonRetryableFailureType } from '../provisioning/failure-types.js';
import type { Problem } from './changes.js';

const FAILURE_TYPE: Record<Problem['kind'], NonRetryableFailureType> = {
  invalid: 'InvalidInput',
  'issuer-conflict': 'IssuerConflict',
  'already-exists': 'AlreadyExists',
};
const PRECEDENCE: Problem['kind'][] = ['invalid', 'issuer-conflict', 'already-exists'];

export interface PreflightFailure {
  type: NonRetryableFailureType;
  message: string;
}

export function preflightFailure(problems: readonly Problem[]): PreflightFailure | null {
  const kind = PRECEDENCE.find((k) => problems.some((p) => p.kind === k));
  if (!kind) return null;
  const sections: string[] = [];
  const of = (k: Problem['kind']) => problems.filter((p) => p.kind === k).map((p) => p.message);
  const invalid = [...of('invalid'), ...of('issuer-conflict')];
  if (invalid.length > 0)
    sections.push(`the org cannot be provisioned as specified:\n- ${invalid.join('\n- ')}`);
  const existing = of('already-exists');
  if (existing.length > 0) {
    sections.push(
      `onExisting is "fail" and these already exist: ${existing.join(', ')}; set onExisting: adopt to take them over`,
    );
  }
  return { type: FAILURE_TYPE[kind], message: sections.join('\n') };
}
