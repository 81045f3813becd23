/**
 * Part of `npm run build`: writes dist/command-index.json, the name, usage and description of every command,
 * so that `hybrid --help` lists them without importing any command module (client/lazy-program.ts).
 */
import { writeFile } from 'node:fs/promises';
import { COMMANDS } from '../client/commands/index.js';
import { COMMAND_INDEX_PATH, summarizeCommands } from '../client/lazy-program.js';

const summaries = await summarizeCommands(COMMANDS);
await writeFile(COMMAND_INDEX_PATH, `${JSON.stringify(summaries, null, 2)}\n`);
console.log(`command index: ${summaries.length} commands`);
// Command modules import the Temporal client, whose native runtime can keep the process alive.
process.exit(0);
