// `hybrid status <org>`: where the org's provisioning run is, step by step.
import { WorkflowNotFoundError, type WorkflowExecutionDescription } from '@temporalio/client';
import type { Command } from 'commander';
import { HybridStatus } from '../../temporal/search-attributes.js';
import { formatProgress } from '../provisioning-report.js';
import { hasWorker, provisionHandle, readProgress } from '../provisioning-runs.js';
import { withTemporal } from '../provisioning-session.js';

/**
 * What the server alone knows of a run, for when no worker can answer the progress query (the query is answered
 * by a worker replaying the run): the workflow's status, its HybridStatus search attribute and when it started.
 */
function fromHistory(description: WorkflowExecutionDescription) {
  return {
    workflowStatus: description.status.name,
    hybridStatus: description.typedSearchAttributes.get(HybridStatus),
    startTime: description.startTime.toISOString(),
    closeTime: description.closeTime?.toISOString(),
    taskQueue: description.taskQueue,
  };
}

export function register(program: Command): void {
  program
    .command('status <org>')
    .description('Show the steps of the latest provisioning run of an org')
    .option('--json', 'print the progress table as JSON')
    .action(async (org: string, flags: { json?: boolean }) => {
      await withTemporal(async ({ client, namespace, runUrl }) => {
        const handle = provisionHandle(client, org);
        let description: WorkflowExecutionDescription;
        try {
          description = await handle.describe();
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          return void (await readProgress(handle)); // throws the NoProvisioningRunError with its hint
        }
        const url = runUrl(handle.workflowId, description.runId);
        if (!(await hasWorker(client, namespace, description.taskQueue))) {
          const known = fromHistory(description);
          const note =
            `no worker polls task queue ${known.taskQueue}, so the step table cannot be read; ` +
            'showing what the server recorded (start one with `npm run worker` or `hybrid stack up`)';
          if (flags.json) {
            console.log(JSON.stringify({ org, workerPolling: false, note, ...known }, null, 2));
            return;
          }
          console.error(`note: ${note}`);
          console.log(
            [
              // The workflow sets HybridStatus on its first task: absent means no worker has run it yet.
              `${org}: ${known.hybridStatus ?? 'not yet picked up by a worker'} (HybridStatus)`,
              `workflow ${handle.workflowId}: ${known.workflowStatus}, started ${known.startTime}` +
                (known.closeTime ? `, closed ${known.closeTime}` : ''),
              ...(url ? [`  ${url}`] : []),
            ].join('\n'),
          );
          return;
        }
        const progress = await readProgress(handle);
        if (flags.json) {
          console.log(JSON.stringify({ ...progress, workflowStatus: description.status.name }, null, 2));
          return;
        }
        console.log(formatProgress(progress));
        console.log(`workflow ${handle.workflowId}: ${description.status.name}${url ? `\n  ${url}` : ''}`);
      });
    });
}
