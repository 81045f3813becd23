// `hybrid rotate-cert --spec FILE [--grace 7d] [--wait]`: rotate the org's SAML signing certificate with a grace
// period during which the identity provider trusts both the old and the new certificate.
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { Command } from 'commander';
import { DEFAULT_GRACE, parseGrace, toRotateInput } from '../../provisioning/rotation.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import { hasWorker } from '../provisioning-runs.js';
import { loadCheckedSpec, taskQueueOf, withTemporal } from '../provisioning-session.js';
import { refuseIfOtherRunOpen } from '../run-interlock.js';
import {
  ALLOW_CUSTOM_ENVIRONMENT,
  ALLOW_OUTPUT_OUTSIDE_SPEC,
  specTrustOf,
  type SpecTrustFlags,
} from '../spec-trust-options.js';
import { formatRotationResult, rotationStepChanges, startRotation, watchRotation } from '../rotation-runs.js';
import { UsageError } from '../usage-error.js';

interface RotateFlags extends SpecTrustFlags {
  spec: string;
  grace: string;
  wait?: boolean;
  json?: boolean;
  taskQueue?: string;
}

function graceMsOf(text: string): number {
  try {
    return parseGrace(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function register(program: Command): void {
  program
    .command('rotate-cert')
    .description(
      'Rotate the SAML signing certificate: a new bundle in <output>/rotations/<time>/, trusted beside the old one ' +
        'for a grace period, then the only one (workflow rotate/<org>)',
    )
    .requiredOption('--spec <file>', 'the provisioning spec (YAML) the org was provisioned with')
    .option(...ALLOW_CUSTOM_ENVIRONMENT)
    .option(...ALLOW_OUTPUT_OUTSIDE_SPEC)
    .option('--grace <duration>', 'how long both certificates stay trusted, e.g. 90s, 36h, 7d', DEFAULT_GRACE)
    .option('--wait', 'follow the rotation step by step and print the summary when it ends')
    .option('--json', 'with --wait: print the result as JSON')
    .option(
      '--task-queue <name>',
      'task queue of the workers (default HYBRID_TASK_QUEUE or hybrid-provisioner)',
    )
    .action(async (flags: RotateFlags) => {
      const graceMs = graceMsOf(flags.grace);
      const { spec, secrets } = await loadCheckedSpec(flags.spec, specTrustOf(flags));
      const taskQueue = taskQueueOf(flags.taskQueue);
      await withTemporal(async ({ client, namespace, runUrl }) => {
        if (!(await hasWorker(client, namespace, taskQueue))) {
          console.error(
            `warning: no worker polls task queue ${taskQueue}; the rotation waits until one does.`,
          );
        }
        const input = toRotateInput(toProvisionInput(spec, secrets), graceMs);
        await refuseIfOtherRunOpen(client, { kind: 'rotate', org: spec.org });
        const { handle, runId, attached } = await startRotation(client, input, taskQueue, flags.spec);
        const url = runUrl(handle.workflowId, runId);
        console.error(
          `${attached ? 'Attached to the open rotation' : 'Started'} ${handle.workflowId}` +
            `${attached ? ' (its own --grace applies)' : ''}${url ? `\n  ${url}` : ''}`,
        );
        console.error(
          `End the grace period early with: hybrid finish-rotation ${spec.org}\n` +
            `Roll back during the grace period with: hybrid cancel-rotation ${spec.org}`,
        );
        if (!flags.wait) return;
        const seen = new Map<string, string>();
        try {
          const result = await watchRotation(handle, (s) =>
            rotationStepChanges(s, seen).forEach((line) => console.error(line)),
          );
          console.log(flags.json ? JSON.stringify(result, null, 2) : formatRotationResult(result));
        } catch (error) {
          if (!(error instanceof WorkflowFailedError)) throw error;
          if (error.cause instanceof CancelledFailure) {
            throw new Error(
              `the rotation of ${spec.org} was cancelled; the old certificate is the only one again`,
            );
          }
          throw new Error(`the rotation of ${spec.org} failed: ${error.cause?.message ?? error.message}`);
        }
      });
    });
}
