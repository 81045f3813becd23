// `hybrid rotate-client-secret --spec FILE --client NAME [--grace 7d] [--in-place --yes] [--wait]`: a new secret
// for one OAuth client of the spec. Blue/green by default (a twin client, a grace period, the old one deleted);
// --in-place regenerates the secret of the same client, which cuts off the old secret at once.
import { createInterface } from 'node:readline/promises';
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import type { RotateClientSecretInput } from '../../provisioning/client-secret-rotation-types.js';
import { DEFAULT_GRACE, parseGrace } from '../../provisioning/rotation.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import { runMetadata } from '../../temporal/run-metadata.js';
import { followRun } from '../follow-run.js';
import { loadCheckedSpec, taskQueueOf, withTemporal } from '../provisioning-session.js';
import { refuseIfOtherRunOpen } from '../run-interlock.js';
import {
  ALLOW_CUSTOM_ENVIRONMENT,
  ALLOW_OUTPUT_OUTSIDE_SPEC,
  specTrustOf,
  type SpecTrustFlags,
} from '../spec-trust-options.js';
import { UsageError } from '../usage-error.js';
import {
  clientSecretRotationStatusQuery,
  rotateClientSecretWorkflowId,
} from '../../workflows/rotate-client-secret-api.js';
import type { rotateClientSecretWorkflow } from '../../workflows/rotate-client-secret.js';

interface Flags extends SpecTrustFlags {
  spec: string;
  client: string;
  grace: string;
  inPlace?: boolean;
  yes?: boolean;
  wait?: boolean;
  taskQueue?: string;
}

/** How often the workflow reads the old client's usage: a tenth of the grace period, between 1 minute and 1 hour. */
function usagePollMs(graceMs: number): number {
  return Math.min(3_600_000, Math.max(60_000, Math.floor(graceMs / 10)));
}

async function confirmInPlace(clientName: string, yes: boolean | undefined): Promise<void> {
  const warning =
    `warning: --in-place regenerates the secret of "${clientName}": the old secret stops working at once, ` +
    'so every service using it fails until it has the new one.';
  console.error(warning);
  if (yes) return;
  if (!process.stdin.isTTY) throw new UsageError('--in-place needs --yes when not run interactively');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question('Regenerate it now? (yes/no) ');
  rl.close();
  if (answer.trim().toLowerCase() !== 'yes') throw new UsageError('not confirmed; nothing was changed');
}

export function register(program: Command): void {
  program
    .command('rotate-client-secret')
    .description(
      'Rotate one OAuth client secret without downtime: a twin client, a grace period (ended early once the old ' +
        'client shows no use), then the old client deleted (workflow rotate-client-secret/<org>/<client>)',
    )
    .requiredOption('--spec <file>', 'the provisioning spec the org was provisioned with')
    .requiredOption('--client <name>', 'the name of the OAuth client (as in the spec)')
    .option(...ALLOW_CUSTOM_ENVIRONMENT)
    .option(...ALLOW_OUTPUT_OUTSIDE_SPEC)
    .option(
      '--grace <duration>',
      'how long the old client keeps working at most, e.g. 36h, 7d',
      DEFAULT_GRACE,
    )
    .option('--in-place', 'regenerate the secret of the same client instead (the old secret stops at once)')
    .option('--yes', 'with --in-place: do not ask for confirmation')
    .option('--wait', 'follow the rotation and print its result')
    .option(
      '--task-queue <name>',
      'task queue of the workers (default HYBRID_TASK_QUEUE or hybrid-provisioner)',
    )
    .action(async (flags: Flags) => {
      let graceMs: number;
      try {
        graceMs = parseGrace(flags.grace);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const { spec, secrets } = await loadCheckedSpec(flags.spec, specTrustOf(flags));
      if (!spec.oauthClients.some((c) => c.name === flags.client)) {
        throw new UsageError(
          `--client: the spec has no OAuth client "${flags.client}"; it has ${spec.oauthClients.map((c) => `"${c.name}"`).join(', ')}`,
        );
      }
      if (flags.inPlace) await confirmInPlace(flags.client, flags.yes);
      const provision = toProvisionInput(spec, secrets);
      const input: RotateClientSecretInput = {
        org: spec.org,
        target: provision.target,
        outputDir: provision.outputDir,
        clientName: flags.client,
        mode: flags.inPlace ? 'in-place' : 'blue-green',
        graceMs,
        usagePollMs: usagePollMs(graceMs),
      };
      await withTemporal(async ({ client, runUrl }) => {
        await refuseIfOtherRunOpen(client, {
          kind: 'rotate-client-secret',
          org: spec.org,
          clientName: flags.client,
        });
        const handle = await client.workflow.start<typeof rotateClientSecretWorkflow>(
          'rotateClientSecretWorkflow',
          {
            workflowId: rotateClientSecretWorkflowId(spec.org, flags.client),
            taskQueue: taskQueueOf(flags.taskQueue),
            args: [input],
            ...runMetadata({
              kind: 'rotate-client-secret',
              org: spec.org,
              environment: provision.target.environment,
              specFile: flags.spec,
              detail: `**client** ${flags.client} (${input.mode})`,
            }),
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          },
        );
        const url = runUrl(handle.workflowId, handle.firstExecutionRunId);
        console.error(`Started ${handle.workflowId}${url ? `\n  ${url}` : ''}`);
        if (!flags.wait) return;
        try {
          const result = await followRun({
            result: handle.result(),
            read: () => handle.query(clientSecretRotationStatusQuery),
            changeKey: (s) => JSON.stringify(s.steps.map((x) => [x.step, x.status])),
            onChange: (s) =>
              console.error(
                s.steps
                  .filter((x) => x.status !== 'pending')
                  .map((x) => `  ${x.step}: ${x.status}`)
                  .join('\n'),
              ),
            intervalMs: 1000,
          });
          console.log(JSON.stringify(result, null, 2));
        } catch (error) {
          if (error instanceof WorkflowFailedError)
            throw new Error(
              `the rotation of "${flags.client}" failed: ${error.cause?.message ?? error.message}`,
            );
          throw error;
        }
      });
    });
}
