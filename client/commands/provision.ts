// `hybrid provision --spec FILE [--wait]`: start (or attach to) the org's provisioning run.
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { redactSecrets, registerSecret } from '../../secrets/redaction.js';
import { inputBudgetProblem } from '../../provisioning/input-budget.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import type { ProvisionProgress } from '../../provisioning/types.js';
import { renderResult } from '../client-secrets-output.js';
import { formatResult } from '../provisioning-report.js';
import { hasWorker, startProvisioning, watchRun } from '../provisioning-runs.js';
import { loadCheckedSpec, taskQueueOf, withTemporal } from '../provisioning-session.js';
import { refuseIfOtherRunOpen } from '../run-interlock.js';
import {
  ALLOW_CUSTOM_ENVIRONMENT,
  ALLOW_OUTPUT_OUTSIDE_SPEC,
  specTrustOf,
  type SpecTrustFlags,
} from '../spec-trust-options.js';
import { UsageError } from '../usage-error.js';
import { describeRunFailure, printStepChanges } from './run-output.js';

interface ProvisionFlags extends SpecTrustFlags {
  spec: string;
  wait?: boolean;
  json?: boolean;
  showSecrets?: boolean;
  taskQueue?: string;
}

export function register(program: Command): void {
  program
    .command('provision')
    .description('Provision the org a spec describes, as the durable workflow provision/<org>')
    .requiredOption('--spec <file>', 'the provisioning spec (YAML), e.g. examples/demo-org.yaml')
    .option(...ALLOW_CUSTOM_ENVIRONMENT)
    .option(...ALLOW_OUTPUT_OUTSIDE_SPEC)
    .option('--wait', 'follow the run step by step and print the summary when it ends')
    .option('--json', 'with --wait: print the result as JSON')
    .option(
      '--show-secrets',
      "with --wait: also print the OAuth client secrets (read from the worker's 0600 files)",
    )
    .option(
      '--task-queue <name>',
      'task queue of the workers (default HYBRID_TASK_QUEUE or hybrid-provisioner)',
    )
    .action(async (flags: ProvisionFlags) => {
      if (flags.showSecrets && !flags.wait) {
        throw new UsageError('--show-secrets needs --wait (or use hybrid result <org> --show-secrets later)');
      }
      const { spec, secrets } = await loadCheckedSpec(flags.spec, specTrustOf(flags));
      // A failure message that quotes them (it should not) is redacted before it is printed.
      registerSecret(secrets.clientSecret, secrets.keyPassword);
      const input = toProvisionInput(spec, secrets);
      const tooLarge = inputBudgetProblem(input);
      if (tooLarge !== undefined) throw new UsageError(`${flags.spec}: ${tooLarge}`);
      const taskQueue = taskQueueOf(flags.taskQueue);
      await withTemporal(async ({ client, namespace, runUrl }) => {
        if (!(await hasWorker(client, namespace, taskQueue))) {
          console.error(
            `warning: no worker polls task queue ${taskQueue}; the run waits until one does ` +
              '(start one with `npm run worker` or `hybrid stack up`).',
          );
        }
        await refuseIfOtherRunOpen(client, {
          kind: 'provision',
          org: spec.org,
          clientNames: input.oauthClients.map((c) => c.name),
        });
        const { handle, runId, attached } = await startProvisioning(client, input, taskQueue, flags.spec);
        const url = runUrl(handle.workflowId, runId);
        console.error(
          `${attached ? 'Attached to the open run of' : 'Started'} ${handle.workflowId}${url ? `\n  ${url}` : ''}`,
        );
        if (!flags.wait) {
          console.error(`Follow it with: hybrid status ${spec.org}`);
          return;
        }
        const seen = new Map<string, string>();
        try {
          const result = await watchRun(handle, (p: ProvisionProgress) => printStepChanges(p, seen));
          console.log(
            await renderResult(result, {
              json: flags.json,
              showSecrets: flags.showSecrets,
              format: (r) => formatResult(r, url),
            }),
          );
        } catch (error) {
          if (error instanceof WorkflowFailedError)
            throw new Error(redactSecrets(describeRunFailure(spec.org, error)));
          throw error;
        }
      });
    });
}
