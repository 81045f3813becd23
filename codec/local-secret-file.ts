import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { sourcePath } from '../build/layout.js';

/** Environment variable that moves the project data directory (default `<project>/.data`). */
export const DATA_DIR_ENV = 'HYBRID_DATA_DIR';

/**
 * The project data directory. Resolved from this module's location rather than the working directory so that the
 * worker, the CLI and the codec server find the same local key wherever they are started from.
 */
export function projectDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[DATA_DIR_ENV]?.trim();
  if (configured) return resolve(configured);
  return sourcePath('.data/');
}

/**
 * Reads a local secret file, creating it with `create()`'s content on first use. The directory is created 0700 and
 * the file 0600. The content is written to a private temporary file first and then hard-linked into place, which
 * fails if the target exists: a worker and a CLI starting at the same moment therefore share one complete secret
 * instead of each writing its own, and nobody ever reads a half-written file.
 */
export async function readOrCreateSecretFile(path: string, create: () => string): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existing = await readIfExists(path);
  if (existing !== undefined) return existing;

  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, create(), { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return readFile(path, 'utf8');
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
