// The `hybrid` command line. Each command lives in client/commands/<name>.ts and exports register(program).
// Exit codes: 0 done, 1 failed, 2 bad usage or input (nothing was done).
import { Command, CommanderError } from 'commander';
import * as cancelCommand from './commands/cancel.js';
import * as certCommand from './commands/cert.js';
import * as rotateCertCommand from './commands/rotate-cert.js';
import * as finishRotationCommand from './commands/finish-rotation.js';
import * as cancelRotationCommand from './commands/cancel-rotation.js';
import * as codecServerCommand from './commands/codec-server.js';
import * as provisionCommand from './commands/provision.js';
import * as resultCommand from './commands/result.js';
import * as stackCommand from './commands/stack.js';
import * as statusCommand from './commands/status.js';
import * as planCommand from './commands/plan.js';
import * as verifyCommand from './commands/verify.js';
import * as scheduleCommand from './commands/schedule.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error.js';
import { escapeForTerminal } from '../text/control-characters.js';

// In the order `hybrid --help` lists them: the provisioning run first, then its tools and the local stack.
const COMMANDS: ReadonlyArray<{ register(program: Command): void }> = [
  provisionCommand,
  statusCommand,
  resultCommand,
  cancelCommand,
  planCommand,
  verifyCommand,
  scheduleCommand,
  rotateCertCommand,
  finishRotationCommand,
  cancelRotationCommand,
  certCommand,
  codecServerCommand,
  stackCommand,
];

export function buildProgram(): Command {
  const program = new Command('hybrid')
    .description('Provision a Genesys Cloud org for a PureEngage hybrid integration, durably, with Temporal.')
    // Throw instead of calling process.exit, so usage errors map to exit code 2 in one place below.
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const command of COMMANDS) command.register(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    // Commander already printed its message (or the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      console.error(`hybrid: ${escapeForTerminal(error.message)}`);
      return EXIT_USAGE;
    }
    // A failure may quote the API (a name, an error body): nothing in it may drive the terminal.
    console.error(`hybrid: ${escapeForTerminal(error instanceof Error ? error.message : String(error))}`);
    return EXIT_FAILURE;
  }
}

// Exit explicitly: the Temporal runtime's native threads can keep the event loop alive after a command is done.
// stdout/stderr writes to files and pipes are synchronous on POSIX, so nothing printed is lost.
process.exit(await runCli(process.argv));
