// `hybrid result <org> [--json]`: the summary of the org's finished provisioning run.
import type { Command } from 'commander';
import { renderResult } from '../client-secrets-output.js';
import { formatResult } from '../provisioning-report.js';
import { provisionHandle, readCompletedRun } from '../provisioning-runs.js';
import { withTemporal } from '../provisioning-session.js';

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
        const { runId, result } = await readCompletedRun(handle, org);
        console.log(
          await renderResult(result, {
            json: flags.json,
            showSecrets: flags.showSecrets,
            format: (r) => formatResult(r, runUrl(handle.workflowId, runId)),
          }),
        );
      });
    });
}
