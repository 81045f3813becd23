// `hybrid result <org> [--json]`: the summary of the org's finished provisioning run.
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
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
    .action(async (org: string, flags: { json?: boolean }) => {
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
            flags.json
              ? JSON.stringify(result, null, 2)
              : formatResult(result, runUrl(handle.workflowId, description.runId)),
          );
        } catch (error) {
          if (error instanceof WorkflowFailedError) throw new Error(describeRunFailure(org, error));
          throw error;
        }
      });
    });
}
