// Every `hybrid` command, in the order `hybrid --help` lists them: the provisioning run first, then its tools and
// the local stack. Adding a command is one line here; its module is imported only when that command runs
// (client/lazy-program.ts), so `hybrid --help` and each command pay only for what they use.
import type { Command } from 'commander';

export interface CommandModule {
  /** Adds the command (its options, subcommands and action) to the program. */
  register(program: Command): void;
}

export interface CommandEntry {
  /** The first word on the command line, as the module's `program.command(...)` names it. */
  name: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'provision', load: () => import('./provision.js') },
  { name: 'status', load: () => import('./status.js') },
  { name: 'result', load: () => import('./result.js') },
  { name: 'handoff', load: () => import('./handoff.js') },
  { name: 'cancel', load: () => import('./cancel.js') },
  { name: 'plan', load: () => import('./plan.js') },
  { name: 'import', load: () => import('./import.js') },
  { name: 'verify', load: () => import('./verify.js') },
  { name: 'schedule', load: () => import('./schedule.js') },
  { name: 'rotate-cert', load: () => import('./rotate-cert.js') },
  { name: 'finish-rotation', load: () => import('./finish-rotation.js') },
  { name: 'cancel-rotation', load: () => import('./cancel-rotation.js') },
  { name: 'rotate-client-secret', load: () => import('./rotate-client-secret.js') },
  { name: 'finish-client-rotation', load: () => import('./finish-client-rotation.js') },
  { name: 'cancel-client-rotation', load: () => import('./cancel-client-rotation.js') },
  { name: 'cert', load: () => import('./cert.js') },
  { name: 'codec-server', load: () => import('./codec-server.js') },
  { name: 'stack', load: () => import('./stack.js') },
];
