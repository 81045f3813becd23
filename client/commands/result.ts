// `hybrid result <org> [--json]`: the summary of the org's finished provisioning run.
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { redactSecrets } from '../../secrets/redaction.js';
import { renderResult } from '../client-secrets-output.js';
import { formatResult } from '../provisioning-report.js';
import { NoProvisioningRunError, provisionHandle } from '../provisioning-runs.js';
import { withTemporal } from '../provisioning-session.js';
import { describeRunFailure } from './run-output.js';

export function register(program: Command): void {
  program
    .command('result <org>')
    .description(
      "Print the result of an org's latest provisioning run (OAuth clients, identity provider, roles, admins)",
    )
    .option('--json', 'print the result as JSON')
    .option('--show-secrets', "also print the OAuth client secrets (read from the worker's 0600 files)")
    .action(async (org: string, flags: { json?: boolean; showSecrets?: boolean }) => {
      await withTemporal(async ({ client, runUrl }) => {
        const handle = provisionHandle(client, org);
        const description = await handle.describe().catch(() => {
          throw new NoProvisioningRunError(
            `no provisioning run for ${org}; start one with hybrid provision --spec FILE`,
          );
        });
        if (description.status.name === 'RUNNING') {
          throw new Error(`the provisioning of ${org} is still running; follow it with hybrid status ${org}`);
        }
        try {
          const result = await handle.result();
          console.log(
            await renderResult(result, {
              json: flags.json,
              showSecrets: flags.showSecrets,
              format: (r) => formatResult(r, runUrl(handle.workflowId, description.runId)),
            }),
          );
        } catch (error) {
          if (error instanceof WorkflowFailedError)
            throw new Error(redactSecrets(describeRunFailure(org, error)));
          throw error;
        }
      });
    });
}
