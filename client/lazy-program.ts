/**
 * The `hybrid` program, built lazily: a command line naming a command loads that command's module alone; the
 * overview (`hybrid`, `hybrid --help`, an unknown command) is drawn from the command index, the static
 * metadata `npm run build` writes (scripts/build-command-index.ts), so it loads no command module at all.
 */
import { readFileSync } from 'node:fs';
import { Command, Help } from 'commander';
import { BUILD_DIR, RUNNING_FROM_BUILD } from '../build/layout.js';
import type { CommandEntry } from './commands/index.js';
import path from 'node:path';

/** What the overview shows of a command: `status <org>` and its description. */
export interface CommandSummary {
  name: string;
  term: string;
  description: string;
}

export const COMMAND_INDEX_PATH = path.join(BUILD_DIR, 'command-index.json');

export function baseProgram(): Command {
  return (
    new Command('hybrid')
      .description(
        'Provision a Genesys Cloud org for a PureEngage hybrid integration, durably, with Temporal.',
      )
      // Throw instead of calling process.exit, so usage errors map to exit code 2 in one place (client/cli.ts).
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)')
  );
}

/** Loads every command module and reads back what each registered: the source of the command index. */
export async function summarizeCommands(entries: readonly CommandEntry[]): Promise<CommandSummary[]> {
  const program = baseProgram();
  for (const entry of entries) (await entry.load()).register(program);
  const help = new Help();
  return program.commands.map((command) => ({
    name: command.name(),
    term: help.subcommandTerm(command),
    description: command.description(),
  }));
}

/** The index written by the build; computed from the modules when running from the sources (tests, tsx). */
async function commandIndex(entries: readonly CommandEntry[]): Promise<CommandSummary[]> {
  if (!RUNNING_FROM_BUILD) return summarizeCommands(entries);
  return JSON.parse(readFileSync(COMMAND_INDEX_PATH, 'utf8')) as CommandSummary[];
}

/** The program for this command line, with only the modules it needs loaded. */
export async function programFor(
  argv: readonly string[],
  entries: readonly CommandEntry[],
): Promise<Command> {
  const program = baseProgram();
  const [first, second] = argv.slice(2);
  // `hybrid help <command>` is `hybrid <command> --help`, which needs that command's options.
  const wanted = first === 'help' ? second : first;
  const entry = entries.find((e) => e.name === wanted);
  if (entry) {
    (await entry.load()).register(program);
    if (first === 'help') program.addHelpCommand(true);
    return program;
  }
  const summaries = await commandIndex(entries);
  const terms = new Map(summaries.map((s) => [s.name, s.term]));
  // Placeholders that only list the commands; an unknown word still gets commander's own error.
  for (const summary of summaries) program.command(summary.name).description(summary.description);
  const help = new Help();
  program.configureHelp({
    subcommandTerm: (command) => terms.get(command.name()) ?? help.subcommandTerm(command),
  });
  return program;
}
