// `hybrid status <org>`: where the org's provisioning run is, step by step.
import type { Command } from 'commander';
import { formatProgress } from '../provisioning-report.js';
import { provisionHandle, readProgress } from '../provisioning-runs.js';
import { withTemporal } from '../provisioning-session.js';

export function register(program: Command): void {
  program
    .command('status <org>')
    .description('Show the steps of the latest provisioning run of an org')
    .option('--json', 'print the progress table as JSON')
    .action(async (org: string, flags: { json?: boolean }) => {
      await withTemporal(async ({ client, runUrl }) => {
        const handle = provisionHandle(client, org);
        const progress = await readProgress(handle);
        const description = await handle.describe();
        if (flags.json) {
          console.log(JSON.stringify({ ...progress, workflowStatus: description.status.name }, null, 2));
          return;
        }
        console.log(formatProgress(progress));
        const url = runUrl(handle.workflowId, description.runId);
        console.log(`workflow ${handle.workflowId}: ${description.status.name}${url ? `\n  ${url}` : ''}`);
      });
    });
}
