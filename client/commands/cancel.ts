// `hybrid cancel <org>`: cancel the org's open provisioning run; its compensation undoes what it changed.
// The command says what really happened: undone, left behind (exit 1), or still compensating when the user
// stopped waiting (--no-wait, --timeout, Ctrl-C).
import type { Command } from 'commander';
import { parseDuration } from '../../provisioning/duration.js';
import { readCompensation, watchCompensation } from '../compensation-watch.js';
import { formatProgress } from '../provisioning-report.js';
import { provisionHandle, type ProvisionHandle } from '../provisioning-runs.js';
import { withTemporal } from '../provisioning-session.js';
import { runEndOrThrow } from '../run-outcome.js';
import { UsageError } from '../usage-error.js';

interface CancelFlags {
  wait: boolean;
  timeout?: string;
}

/** Why the command stopped following the run before it ended. */
class StoppedWaiting extends Error {
  override name = 'StoppedWaiting';
}

function timeoutMsOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text, '--timeout');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function stillCompensating(handle: ProvisionHandle, org: string, why: string): Promise<Error> {
  const view = await readCompensation(handle);
  if (view.progress) console.log(formatProgress(view.progress));
  const retrying = view.retries.length > 0 ? ` It is retrying: ${view.retries.join('; ')}.` : '';
  return new Error(
    `${why}: ${handle.workflowId} is still compensating.${retrying} ` +
      `Follow it with hybrid status ${org}, or run hybrid cancel ${org} again to wait for it.`,
  );
}

export function register(program: Command): void {
  program
    .command('cancel <org>')
    .description('Cancel an open provisioning run and wait for its compensation to undo what it changed')
    .option('--no-wait', 'request the cancellation and return; the run compensates in the background')
    .option(
      '--timeout <duration>',
      'stop waiting after this long (e.g. 90s, 10m); the run goes on compensating',
    )
    .action(async (org: string, flags: CancelFlags) => {
      const timeoutMs = timeoutMsOf(flags.timeout);
      await withTemporal(async ({ client }) => {
        const handle = provisionHandle(client, org);
        const description = await handle.describe();
        if (description.status.name !== 'RUNNING') {
          throw new Error(
            `the provisioning of ${org} is not running (it is ${description.status.name}); nothing to cancel`,
          );
        }
        await handle.cancel();
        if (!flags.wait) {
          console.error(
            `Cancellation requested for ${handle.workflowId}; it compensates in the background. ` +
              `Follow it with hybrid status ${org}, or wait for it with hybrid cancel ${org}.`,
          );
          return;
        }
        console.error(`Cancellation requested for ${handle.workflowId}; waiting for compensation...`);

        const stop = new AbortController();
        const onSigint = () => stop.abort(new StoppedWaiting('interrupted'));
        process.once('SIGINT', onSigint);
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(
                () => stop.abort(new StoppedWaiting(`gave up waiting after --timeout ${flags.timeout}`)),
                timeoutMs,
              );
        try {
          await watchCompensation(handle, { onLine: (line) => console.error(line), signal: stop.signal });
          throw new Error(
            `the run of ${org} completed before the cancellation reached it; nothing was undone`,
          );
        } catch (error) {
          if (error instanceof StoppedWaiting) throw await stillCompensating(handle, org, error.message);
          const end = runEndOrThrow(error);
          const progress = await readCompensation(handle);
          if (progress.progress) console.log(formatProgress(progress.progress));
          switch (end.kind) {
            case 'cancelled':
              console.log(`Cancelled ${handle.workflowId}; every change it made was undone.`);
              return;
            case 'compensation-failed':
              throw new Error(
                `${end.cancelled ? `cancelling ${handle.workflowId}` : `${handle.workflowId} failed on its own and`} ` +
                  `left changes behind: the undo of ${end.leftBehind.join(', ')} failed (${end.message}). ` +
                  `Undo them by hand, or provision again to finish the org; details in hybrid status ${org} ` +
                  'and the Temporal UI.',
              );
            case 'failed':
              // Not a clean cancel: exit 1, as for every run that failed (README's exit codes).
              throw new Error(
                `${handle.workflowId} failed on its own before the cancellation took effect: ${end.message}`,
              );
          }
        } finally {
          clearTimeout(timer);
          process.off('SIGINT', onSigint);
        }
      });
    });
}
