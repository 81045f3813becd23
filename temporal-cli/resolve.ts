import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEMPORAL_CLI_VERSION } from '../temporal/constants.js';
import { buildTemporalCli, TEMPORAL_CLI_MODULE, temporalBinaryName } from './build.js';
import { findOnPath, isExecutableFile } from './executables.js';
import { withFileLock } from './file-lock.js';
import { compareVersions, formatVersion, readGoVersion, type Version } from './go-toolchain.js';

/** The CLI's go.mod says `go 1.25.0`. */
export const MIN_GO_VERSION: Version = [1, 25, 0];

/** Measured on this project's 2-core machine with an empty Go module cache (go1.26, 2026-11). */
const MEASURED_FIRST_BUILD = '7 minutes (6m52s on 2 cores)';

export interface ResolveTemporalCliOptions {
  /** Progress messages for the user; defaults to stderr. */
  log?: (msg: string) => void;
  /** Environment to read (TEMPORAL_CLI, PATH, XDG_CACHE_HOME, HOME, GOTOOLCHAIN...); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where go's build output is streamed; defaults to stderr. */
  buildOutput?: NodeJS.WritableStream;
}

export class TemporalCliError extends Error {
  override name = 'TemporalCliError';
}

export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(cacheHome, 'hybrid-provisioner', `temporal-${TEMPORAL_CLI_VERSION}`);
}

/**
 * Path of a Temporal CLI, in this order: `TEMPORAL_CLI`; `temporal` on PATH; our cached build; otherwise build
 * one with `go install` into the cache (serialised across processes by a lock file).
 */
export async function resolveTemporalCli(opts: ResolveTemporalCliOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((msg: string) => console.error(msg));

  const explicit = env.TEMPORAL_CLI;
  if (explicit) {
    if (await isExecutableFile(explicit)) return explicit;
    throw new TemporalCliError(
      `TEMPORAL_CLI is set to "${explicit}", which is not an executable file. ` +
        'Point it at a Temporal CLI binary, or unset it to use `temporal` from PATH or a cached build.',
    );
  }

  const onPath = await findOnPath(temporalBinaryName(), env.PATH);
  if (onPath) return onPath;

  const cacheDir = temporalCliCacheDir(env);
  const cached = path.join(cacheDir, temporalBinaryName());
  if (await isExecutableFile(cached)) return cached;

  const goBinary = await findOnPath(process.platform === 'win32' ? 'go.exe' : 'go', env.PATH);
  if (!goBinary) {
    throw new TemporalCliError(
      'No Temporal CLI found and no Go toolchain to build one. Do one of: set TEMPORAL_CLI=/path/to/temporal; ' +
        'install the Temporal CLI so `temporal` is on PATH (https://docs.temporal.io/cli#install); or install ' +
        `Go >= ${formatVersion(MIN_GO_VERSION)} (https://go.dev/dl/) and run this again to build ${TEMPORAL_CLI_VERSION}.`,
    );
  }
  await assertGoIsRecentEnough(goBinary, env);

  await mkdir(cacheDir, { recursive: true });
  return withFileLock(
    path.join(cacheDir, 'build.lock'),
    async () => {
      // Another process may have finished the build while we waited for the lock.
      if (await isExecutableFile(cached)) return cached;
      log(
        `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${goBinary} (go install ${TEMPORAL_CLI_MODULE}) ` +
          `into ${cacheDir}. The first build downloads several hundred Go modules and takes minutes: about ` +
          `${MEASURED_FIRST_BUILD}. Later runs reuse the binary.`,
      );
      const startedAt = Date.now();
      await buildTemporalCli({
        goBinary,
        version: TEMPORAL_CLI_VERSION,
        target: cached,
        env,
        output: opts.buildOutput ?? process.stderr,
      });
      log(`Built the Temporal CLI in ${Math.round((Date.now() - startedAt) / 1000)} s: ${cached}`);
      return cached;
    },
    {
      onWait: (pid) =>
        log(`Waiting for another process${pid ? ` (pid ${pid})` : ''} building the Temporal CLI...`),
    },
  );
}

async function assertGoIsRecentEnough(goBinary: string, env: NodeJS.ProcessEnv): Promise<void> {
  // A user who chose a toolchain policy (e.g. GOTOOLCHAIN=auto or go1.25.0) lets go fetch what it needs.
  if (env.GOTOOLCHAIN && env.GOTOOLCHAIN !== 'local') return;
  const version = await readGoVersion(goBinary, { ...env, GOTOOLCHAIN: 'local' }).catch(() => undefined);
  const required = formatVersion(MIN_GO_VERSION);
  if (!version) {
    throw new TemporalCliError(
      `Could not read the version of ${goBinary} (\`go version\`). Building the Temporal CLI needs Go >= ${required}; ` +
        'fix the Go installation or set TEMPORAL_CLI to an existing Temporal CLI binary.',
    );
  }
  if (compareVersions(version, MIN_GO_VERSION) < 0) {
    throw new TemporalCliError(
      `${goBinary} is Go ${formatVersion(version)}, but building the Temporal CLI ${TEMPORAL_CLI_VERSION} needs ` +
        `Go >= ${required}. Upgrade Go (https://go.dev/dl/), set TEMPORAL_CLI to an existing binary, or install ` +
        'the Temporal CLI on PATH.',
    );
  }
}
