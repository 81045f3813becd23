/**
 * Org-level runs that must not interleave, and what a refused start says. Whichever starts second refuses, in the
 * CLI before starting and in the workflow itself (a schedule's remediation has no CLI):
 * - provisioning and certificate rotation: a provisioning run that PUTs the identity provider during a
 *   rotation's grace period would drop the new certificate;
 * - provisioning and a client-secret rotation of one of the spec's clients: provisioning adopts and updates that
 *   client by name and writes its secret file, while the rotation runs a twin of it under another name, renames
 *   it and moves the secret file.
 * A certificate rotation and a client-secret rotation touch different resources, and so do rotations of two
 * different clients: those may run together.
 * Pure: the CLI and the workflow sandbox both import it.
 */
import { provisionWorkflowId } from './provision-api.js';
import { rotateWorkflowId } from './rotate-api.js';
import { rotateClientSecretWorkflowId } from './rotate-client-secret-api.js';

/** A run about to start, with what the interlock needs to know about it. */
export type OrgRun =
  | {
      kind: 'provision';
      org: string;
      /** the spec's OAuth clients, which the run may change */ clientNames: readonly string[];
    }
  | { kind: 'rotate'; org: string }
  | { kind: 'rotate-client-secret'; org: string; clientName: string };

export type OrgRunKind = OrgRun['kind'];

/** The failure type of a refused start; retrying cannot help while the other run is open. */
export const RUN_CONFLICT = 'RunConflict';

export interface OpenRunRef {
  workflowId: string;
  runId: string;
}

/** A run that must not be open while `OrgRun` starts: its workflow id, and the refusal when it is open. */
export interface ConflictingRun {
  workflowId: string;
  refusal(open: OpenRunRef): string;
}

const named = (open: OpenRunRef) => `${open.workflowId} (run ${open.runId})`;

function provisionRefusedBy(org: string, clientNames: readonly string[]): ConflictingRun[] {
  const certificateRotation: ConflictingRun = {
    workflowId: rotateWorkflowId(org),
    refusal: (open) =>
      `refusing to provision ${org}: the certificate rotation ${named(open)} is open, ` +
      "and provisioning could replace the identity provider's certificates in the middle of it. " +
      `Wait for it to end (hybrid rotate-cert --spec FILE --wait follows it), end its grace period now with ` +
      `hybrid finish-rotation ${org}, or roll it back with hybrid cancel-rotation ${org}; then provision again.`,
  };
  const clientRotations = clientNames.map((name): ConflictingRun => ({
    workflowId: rotateClientSecretWorkflowId(org, name),
    refusal: (open) =>
      `refusing to provision ${org}: the client-secret rotation ${named(open)} is open, and provisioning ` +
      `could change the OAuth client "${name}" or its secret file in the middle of it. Wait for it to end ` +
      `(hybrid rotate-client-secret --spec FILE --client "${name}" --wait follows it), end its grace period ` +
      `now with hybrid finish-client-rotation ${org} --client "${name}", or roll it back with ` +
      `hybrid cancel-client-rotation ${org} --client "${name}"; then provision again.`,
  }));
  return [certificateRotation, ...clientRotations];
}

function provisioningRun(org: string, refused: string): ConflictingRun {
  return {
    workflowId: provisionWorkflowId(org),
    refusal: (open) =>
      `refusing to ${refused}: the provisioning run ${named(open)} is open. Wait for it to end ` +
      `(hybrid provision --spec FILE --wait follows it, hybrid status ${org} shows where it is) or cancel it ` +
      `with hybrid cancel ${org}; then rotate again.`,
  };
}

/** The runs that must not be open while `run` starts, in the order they are looked up. */
export function conflictingRuns(run: OrgRun): ConflictingRun[] {
  switch (run.kind) {
    case 'provision':
      return provisionRefusedBy(run.org, run.clientNames);
    case 'rotate':
      return [provisioningRun(run.org, `rotate the certificate of ${run.org}`)];
    case 'rotate-client-secret':
      return [
        provisioningRun(run.org, `rotate the secret of the OAuth client "${run.clientName}" of ${run.org}`),
      ];
  }
}
