// `hybrid finish-client-rotation <org> --client NAME`: end an open client-secret rotation's grace period now
// (signal finishClientRotationNow); the old client is then deactivated and deleted at once.
import type { Command } from 'commander';
import { finishClientRotationNowSignal } from '../../workflows/rotate-client-secret-api.js';
import { openClientRotation } from '../client-rotation-runs.js';
import { withTemporal } from '../provisioning-session.js';

export function register(program: Command): void {
  program
    .command('finish-client-rotation <org>')
    .description(
      'End the grace period of an open client-secret rotation now: the old client is deactivated and deleted',
    )
    .requiredOption('--client <name>', 'the name of the OAuth client being rotated (as in the spec)')
    .action(async (org: string, flags: { client: string }) => {
      await withTemporal(async ({ client }) => {
        const handle = await openClientRotation(
          client,
          org,
          flags.client,
          `start one with hybrid rotate-client-secret --spec FILE --client "${flags.client}"`,
        );
        await handle.signal(finishClientRotationNowSignal);
        console.log(
          `Asked ${handle.workflowId} to end its grace period; follow it with ` +
            `hybrid rotate-client-secret --spec FILE --client "${flags.client}" --wait`,
        );
      });
    });
}
