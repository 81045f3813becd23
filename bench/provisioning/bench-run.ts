/**
 * How a bench script runs: its main function gets a cleanup list; whatever happens (success, failure, Ctrl-C)
 * the dev server, the emulator and the temp dir it registered are stopped or removed, and the process exits.
 */

/**
 * Undo actions run newest first, each once, even when an earlier one fails. On Ctrl-C only the actions that
 * reach outside this process run (dev server, emulator, temp dir): closing connections under in-flight calls
 * would only raise errors, and the process exits right after anyway.
 */
export class Cleanup {
  private readonly actions: { what: string; outside: boolean; fn: () => Promise<void> | void }[] = [];
  add(what: string, fn: () => Promise<void> | void, opts: { outside?: boolean } = {}): void {
    this.actions.push({ what, outside: opts.outside ?? false, fn });
  }
  async run(only: 'all' | 'outside' = 'all'): Promise<void> {
    for (let action = this.actions.pop(); action; action = this.actions.pop()) {
      if (only === 'outside' && !action.outside) continue;
      try {
        await action.fn();
      } catch (err) {
        console.error(`cleanup: ${action.what} failed: ${(err as Error).message}`);
      }
    }
  }
}

export function runBench(main: (cleanup: Cleanup) => Promise<void>): void {
  const cleanup = new Cleanup();
  /** Set on Ctrl-C: the interrupted cleanup, which the main flow then waits for instead of cleaning up itself. */
  let interrupted: Promise<void> | undefined;
  process.once('SIGINT', () => {
    console.error('interrupted: stopping the dev server and the emulator, removing the temp dir');
    // Calls in flight fail as their servers go away; nothing is left to report them to.
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    interrupted = cleanup.run('outside').finally(() => process.exit(130));
  });
  main(cleanup)
    .then(
      () => interrupted ?? cleanup.run(),
      async (err: unknown) => {
        if (interrupted) return interrupted;
        console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
        process.exitCode = 1;
        await cleanup.run();
      },
    )
    // Idle keep-alive sockets and the Temporal runtime must not hold the process open once everything is stopped.
    .finally(() => process.exit());
}

/** A `--flag` value that must be a whole number of at least `min`. */
export function wholeOption(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`--${flag} must be a whole number of at least ${min} (got "${text}")`);
  }
  return n;
}
