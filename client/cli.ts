// The `hybrid` command line. Each command lives in client/commands/<name>.ts, exports register(program) and has
// one line in client/commands/index.ts; only the command being run is loaded (client/lazy-program.ts).
// Exit codes: 0 done, 1 failed, 2 bad usage or input (nothing was done).
import { CommanderError } from 'commander';
import { COMMANDS, type CommandEntry } from './commands/index.js';
import { programFor } from './lazy-program.js';
import { logCliError } from '../observability/cli-log.js';
import { startTracing } from '../observability/tracing.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error.js';

export async function runCli(
  argv: readonly string[],
  entries: readonly CommandEntry[] = COMMANDS,
): Promise<number> {
  try {
    const program = await programFor(argv, entries);
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    // Commander already printed its message (or the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      logCliError(error.message);
      return EXIT_USAGE;
    }
    logCliError(error instanceof Error ? error.message : String(error));
    return EXIT_FAILURE;
  }
}

// Exit explicitly: the Temporal runtime's native threads can keep the event loop alive after a command is done.
// stdout/stderr writes to files and pipes are synchronous on POSIX, so nothing printed is lost.
// With OTEL_EXPORTER_OTLP_ENDPOINT set, the command is the root span of the run's trace (flushed before exit).
const tracing = await startTracing('hybrid-cli');
const code = tracing
  ? await tracing.inSpan(`hybrid ${process.argv[2] ?? ''}`.trim(), () => runCli(process.argv))
  : await runCli(process.argv);
await tracing?.shutdown();
process.exit(code);
