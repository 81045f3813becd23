/**
 * The environment of a process that must talk to the stack's own Temporal server: the user's TEMPORAL_* variables
 * and config profile (which may point at Temporal Cloud, with an API key) are replaced by a profile file that
 * names the local server.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_NAMESPACE } from '../temporal/constants.js';

export function localTemporalAddress(port: number): string {
  return `localhost:${port}`;
}

/** Writes `[profile.default]` for the local server; also usable as `TEMPORAL_CONFIG_FILE=<file>` by hand. */
export async function writeLocalTemporalProfile(file: string, port: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = [
    '# Written by `hybrid stack up`: the local Temporal dev server of the stack.',
    '[profile.default]',
    `address = "${localTemporalAddress(port)}"`,
    `namespace = "${DEFAULT_NAMESPACE}"`,
    '',
  ].join('\n');
  await writeFile(file, text, { mode: 0o644 });
}

export function localTemporalEnv(base: NodeJS.ProcessEnv, profileFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('TEMPORAL_')) env[key] = value;
  }
  env.TEMPORAL_CONFIG_FILE = profileFile;
  return env;
}
