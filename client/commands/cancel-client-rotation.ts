// `hybrid cancel-client-rotation <org> --client NAME`: roll an open client-secret rotation back; the twin client
// is deleted and the client's secret file holds the old secret again (workflows/rotate-client-secret.ts).
import type { Command } from 'commander';
import { openClientRotation } from '../client-rotation-runs.js';
import { withTemporal } from '../provisioning-session.js';
import { cancelAndReport } from '../run-outcome.js';

export function register(program: Command): void {
  program
    .command('cancel-client-rotation <org>')
    .description('Cancel an open client-secret rotation and wait until it has put the old client back')
    .requiredOption('--client <name>', 'the name of the OAuth client being rotated (as in the spec)')
    .action(async (org: string, flags: { client: string }) => {
      await withTemporal(async ({ client }) => {
        const handle = await openClientRotation(client, org, flags.client, 'nothing to cancel');
        await cancelAndReport(handle, () => handle.result(), {
          completed: `The rotation of "${flags.client}" completed before the cancellation reached it; nothing was undone.`,
          // Blue/green: the twin deleted, the secret file back; in place: cancelled before the secret was regenerated.
          cancelled: `Cancelled ${handle.workflowId}: every change it made was undone, and "${flags.client}" keeps its old secret.`,
          what: `the rotation of "${flags.client}"`,
        });
      });
    });
}
