// `hybrid cancel-client-rotation <org> --client NAME`: roll an open client-secret rotation back; the twin client
// is deleted and the client's secret file holds the old secret again (workflows/rotate-client-secret.ts).
import type { Command } from 'commander';
import { openClientRotation } from '../client-rotation-runs.js';
import { withTemporal } from '../provisioning-session.js';
import { runEndOrThrow } from '../run-outcome.js';

export function register(program: Command): void {
  program
    .command('cancel-client-rotation <org>')
    .description('Cancel an open client-secret rotation and wait until it has put the old client back')
    .requiredOption('--client <name>', 'the name of the OAuth client being rotated (as in the spec)')
    .action(async (org: string, flags: { client: string }) => {
      await withTemporal(async ({ client }) => {
        const handle = await openClientRotation(client, org, flags.client, 'nothing to cancel');
        await handle.cancel();
        console.error(`Cancellation requested for ${handle.workflowId}; waiting for the roll-back...`);
        try {
          await handle.result();
          console.log(
            `The rotation of "${flags.client}" completed before the cancellation reached it; nothing was undone.`,
          );
        } catch (error) {
          const end = runEndOrThrow(error);
          if (end.kind === 'compensation-failed') {
            throw new Error(
              `the roll-back of the rotation of "${flags.client}" left work undone (${end.leftBehind.join(', ')}); see ${handle.workflowId} in the Temporal UI`,
            );
          }
          if (end.kind === 'failed') {
            console.log(
              `${handle.workflowId} failed on its own before the cancellation took effect: ${end.message}`,
            );
            return;
          }
          console.log(
            `Cancelled ${handle.workflowId}: the twin client is gone and "${flags.client}" keeps its old secret.`,
          );
        }
      });
    });
}
