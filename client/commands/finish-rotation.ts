// `hybrid finish-rotation <org>`: end an open rotation's grace period now (signal finishRotationNow).
import type { Command } from 'commander';
import { finishRotationNowSignal } from '../../workflows/rotate-api.js';
import { openRotation } from '../rotation-runs.js';
import { withTemporal } from '../provisioning-session.js';

export function register(program: Command): void {
  program
    .command('finish-rotation <org>')
    .description('End the grace period of an open certificate rotation now: the old certificate is removed')
    .action(async (org: string) => {
      await withTemporal(async ({ client }) => {
        const handle = await openRotation(client, org);
        await handle.signal(finishRotationNowSignal);
        console.log(
          `Asked ${handle.workflowId} to end its grace period; follow it with hybrid rotate-cert --spec FILE --wait`,
        );
      });
    });
}
