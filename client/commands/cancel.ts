// `hybrid cancel <org>`: cancel the org's open provisioning run; its compensation undoes what it changed.
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { formatProgress } from '../provisioning-report.js';
import { provisionHandle, readProgress, watchRun } from '../provisioning-runs.js';
import { withTemporal } from '../provisioning-session.js';

export function register(program: Command): void {
  program
    .command('cancel <org>')
    .description('Cancel an open provisioning run and wait for its compensation to undo what it changed')
    .action(async (org: string) => {
      await withTemporal(async ({ client }) => {
        const handle = provisionHandle(client, org);
        const description = await handle.describe();
        if (description.status.name !== 'RUNNING') {
          throw new Error(
            `the provisioning of ${org} is not running (it is ${description.status.name}); nothing to cancel`,
          );
        }
        await handle.cancel();
        console.error(`Cancellation requested for ${handle.workflowId}; waiting for compensation...`);
        try {
          await watchRun(handle, () => undefined);
          console.log(`The run of ${org} completed before the cancellation reached it; nothing was undone.`);
        } catch (error) {
          if (!(error instanceof WorkflowFailedError)) throw error;
          console.log(formatProgress(await readProgress(handle)));
          console.log(`Cancelled ${handle.workflowId}; its changes were undone.`);
        }
      });
    });
}
