// `hybrid cancel-rotation <org>`: roll an open certificate rotation back; the provider trusts only the old
// certificate again and the new bundle is removed.
import type { Command } from 'commander';
import { openRotation, watchRotation } from '../rotation-runs.js';
import { withTemporal } from '../provisioning-session.js';
import { cancelAndReport } from '../run-outcome.js';

export function register(program: Command): void {
  program
    .command('cancel-rotation <org>')
    .description('Cancel an open certificate rotation and wait until it has restored the old certificate')
    .action(async (org: string) => {
      await withTemporal(async ({ client }) => {
        const handle = await openRotation(client, org);
        await cancelAndReport(handle, () => watchRotation(handle, () => undefined), {
          completed: `The rotation of ${org} completed before the cancellation reached it; nothing was undone.`,
          cancelled: `Cancelled ${handle.workflowId}: the identity provider trusts only the old certificate again.`,
          what: `${org}'s rotation`,
        });
      });
    });
}
