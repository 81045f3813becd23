import { spawn } from 'node:child_process';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export interface BuildTemporalCliOptions {
  goBinary: string;
  version: string;
  /** Final location of the binary; the build happens in a sibling temp dir so the move is an atomic rename. */
  target: string;
  env: NodeJS.ProcessEnv;
  /** Receives go's own output (download and compile progress). */
  output: NodeJS.WritableStream;
}

export function temporalBinaryName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'temporal.exe' : 'temporal';
}

/**
 * `go install` into a fresh GOBIN next to `target`, then rename into place: readers of the cache either see no
 * binary or a complete one, never a half-written file.
 */
export async function buildTemporalCli(opts: BuildTemporalCliOptions): Promise<void> {
  const buildDir = await mkdtemp(path.join(path.dirname(opts.target), '.build-'));
  try {
    await runGoInstall(opts, buildDir);
    await rename(path.join(buildDir, temporalBinaryName()), opts.target);
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

function runGoInstall(opts: BuildTemporalCliOptions, buildDir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...opts.env,
    GOBIN: buildDir,
    // Without this an older Go silently downloads a newer toolchain; we prefer failing fast with our own message.
    GOTOOLCHAIN: opts.env.GOTOOLCHAIN ?? 'local',
    // The dev server's SQLite driver is pure Go; releases are built the same way, and no C compiler is needed.
    CGO_ENABLED: opts.env.CGO_ENABLED ?? '0',
  };
  return new Promise((resolve, reject) => {
    // cwd = the empty build dir, so a go.mod or go.work in the caller's directory cannot interfere.
    const child = spawn(opts.goBinary, ['install', `${TEMPORAL_CLI_MODULE}@${opts.version}`], {
      cwd: buildDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => opts.output.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => opts.output.write(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `go install ${TEMPORAL_CLI_MODULE}@${opts.version} failed (${signal ?? `exit code ${code}`}); ` +
              'its output is above. Fix the cause (often no access to the Go module proxy) or set TEMPORAL_CLI.',
          ),
        );
    });
  });
}
