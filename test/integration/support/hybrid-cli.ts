/** The `hybrid` CLI in a child process, as a user runs it; exit code and both streams, whatever the outcome. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HYBRID = fileURLToPath(new URL('../../../bin/hybrid.mjs', import.meta.url));

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runHybrid(args: string[], env: NodeJS.ProcessEnv): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [HYBRID, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}
