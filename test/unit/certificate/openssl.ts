import { spawnSync } from 'node:child_process';

export const OPENSSL = '/usr/bin/openssl';

export interface OpensslResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real openssl binary. Passwords go through `env` (and `-passin env:NAME` on the command
 * line), never as arguments, so they cannot show up in a process listing.
 */
export function openssl(
  args: string[],
  opts: { env?: Record<string, string>; input?: string } = {},
): OpensslResult {
  const result = spawnSync(OPENSSL, args, {
    env: { ...process.env, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like `openssl` but fails the test with openssl's stderr when the command does not succeed. */
export function opensslOk(
  args: string[],
  opts: { env?: Record<string, string>; input?: string } = {},
): string {
  const result = openssl(args, opts);
  if (result.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}
