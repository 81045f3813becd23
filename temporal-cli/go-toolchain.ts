import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export type Version = readonly [major: number, minor: number, patch: number];

/** Parses `go version go1.25.0 linux/amd64` (also `go1.25`, `go1.26rc1`) into [1, 25, 0]. */
export function parseGoVersion(output: string): Version | undefined {
  const match = /\bgo(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function formatVersion(version: Version): string {
  return version.join('.');
}

/** Asks the `go` binary for its version; undefined when the output is not recognisable. */
export async function readGoVersion(goBinary: string, env: NodeJS.ProcessEnv): Promise<Version | undefined> {
  const { stdout } = await execFileAsync(goBinary, ['version'], { env });
  return parseGoVersion(stdout);
}
