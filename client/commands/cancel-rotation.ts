// `hybrid cancel-rotation <org>`: roll an open certificate rotation back; the provider trusts only the old
// certificate again and the new bundle is removed.
import type { Command } from 'commander';
import { openRotation, watchRotation } from '../rotation-runs.js';
import { withTemporal } from '../provisioning-session.js';
import { runEndOrThrow } from '../run-outcome.js';

export function register(program: Command): void {
  program
    .command('cancel-rotation <org>')
    .description('Cancel an open certificate rotation and wait until it has restored the old certificate')
    .action(async (org: string) => {
      await withTemporal(async ({ client }) => {
        const handle = await openRotation(client, org);
        await handle.cancel();
        console.error(`Cancellation requested for ${handle.workflowId}; waiting for the roll-back...`);
        try {
          await watchRotation(handle, () => undefined);
          console.log(
            `The rotation of ${org} completed before the cancellation reached it; nothing was undone.`,
          );
        } catch (error) {
          const end = runEndOrThrow(error);
          if (end.kind === 'compensation-failed') {
            throw new Error(
              `the roll-back of ${org}'s rotation left work undone (${end.leftBehind.join(', ')}); see ${handle.workflowId} in the Temporal UI`,
            );
          }
          if (end.kind === 'failed') {
            console.log(
              `${handle.workflowId} failed on its own before the cancellation took effect: ${end.message}`,
            );
            return;
          }
          console.log(
            `Cancelled ${handle.workflowId}: the identity provider trusts only the old certificate again.`,
          );
        }
      });
    });
}
