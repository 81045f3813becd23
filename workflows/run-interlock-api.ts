/**
 * Provisioning and certificate rotation of one org must not interleave: a provisioning run that PUTs the
 * identity provider during a rotation's grace period would drop the new certificate. Whichever starts second
 * refuses, in the CLI before starting and in the workflow itself (a schedule's remediation has no CLI).
 * Pure: the CLI and the workflow sandbox both import it.
 */
import { provisionWorkflowId } from './provision-api.js';
import { rotateWorkflowId } from './rotate-api.js';

export type OrgRunKind = 'provision' | 'rotate';

/** The failure type of a refused start; retrying cannot help while the other run is open. */
export const RUN_CONFLICT = 'RunConflict';

/** The workflow id that must not be open while a run of `kind` starts for `org`. */
export function conflictingWorkflowId(kind: OrgRunKind, org: string): string {
  return kind === 'provision' ? rotateWorkflowId(org) : provisionWorkflowId(org);
}

/** Names the open run and the commands that wait for it or end it. */
export function runConflictMessage(
  kind: OrgRunKind,
  org: string,
  open: { workflowId: string; runId: string },
): string {
  if (kind === 'provision') {
    return (
      `refusing to provision ${org}: the certificate rotation ${open.workflowId} (run ${open.runId}) is open, ` +
      "and provisioning could replace the identity provider's certificates in the middle of it. " +
      `Wait for it to end (hybrid rotate-cert --spec FILE --wait follows it), end its grace period now with ` +
      `hybrid finish-rotation ${org}, or roll it back with hybrid cancel-rotation ${org}; then provision again.`
    );
  }
  return (
    `refusing to rotate the certificate of ${org}: the provisioning run ${open.workflowId} (run ${open.runId}) ` +
    `is open. Wait for it to end (hybrid provision --spec FILE --wait follows it, hybrid status ${org} shows ` +
    `where it is) or cancel it with hybrid cancel ${org}; then rotate again.`
  );
}
