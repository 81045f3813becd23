import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandEntry } from '../../client/commands/index.js';
import { baseProgram, programFor } from '../../client/lazy-program.js';

/** The real table, recording which modules get imported. */
function recordingTable(): { entries: CommandEntry[]; loaded: string[] } {
  const loaded: string[] = [];
  const entries = COMMANDS.map((entry) => ({
    name: entry.name,
    load: () => {
      loaded.push(entry.name);
      return entry.load();
    },
  }));
  return { entries, loaded };
}

const argv = (...args: string[]) => ['node', 'hybrid', ...args];

describe('the hybrid CLI loads commands lazily', () => {
  it('imports only the module of the command being run', async () => {
    const { entries, loaded } = recordingTable();
    const program = await programFor(argv('status', 'demo'), entries);
    expect(loaded).toEqual(['status']);
    expect(program.commands.map((c) => c.name())).toEqual(['status']);
  });

  it('gives `help <command>` that command with its options', async () => {
    const { entries, loaded } = recordingTable();
    const program = await programFor(argv('help', 'plan'), entries);
    expect(loaded).toEqual(['plan']);
    expect(program.commands[0]!.options.map((o) => o.long)).toContain('--spec');
  });

  it('lists every command in `hybrid --help` exactly as loading all of them would', async () => {
    const eager = baseProgram();
    for (const entry of COMMANDS) (await entry.load()).register(eager);
    const lazy = await programFor(argv('--help'), COMMANDS);
    expect(lazy.helpInformation()).toBe(eager.helpInformation());
  });

  it('names each table entry after the command its module registers', async () => {
    for (const entry of COMMANDS) {
      const program = baseProgram();
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    }
  });
});
