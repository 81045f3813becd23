/**
 * The files of certificate rotation. The new bundle is written into its own directory,
 * `<output>/rotations/<UTC timestamp>/`, so the current bundle in `<output>` is never touched until the switch.
 * At the switch each old file is first copied to `<output>/retired/<timestamp>/`, then replaced in place by a
 * rename, so a reader of `<output>` always sees a complete file. Every activity here can run twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BUNDLE_FILE_NAMES, type BundleFiles } from '../certificate/artifacts.js';
import { certificateToDer } from '../certificate/pem.js';
import type { CertificateOptions } from '../certificate/options.js';
import type { RotationRecord } from '../provisioning/rotation-types.js';
import type { SecretRef } from '../secrets/secret-ref.js';
import { generateCertificate, type GenerateCertificateResult } from './certificate.js';
import { nonRetryable } from './failures.js';

export const ROTATION_RECORD_FILE = 'rotation.json';
const FILE_KEYS = Object.keys(BUNDLE_FILE_NAMES) as (keyof BundleFiles)[];

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Writes a 0600 file under a temporary name, then renames it over `path`: readers see the old or the new file. */
async function replaceAtomically(path: string, contents: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** Refuses a path that is not `<something>/<folder>/<timestamp>`: these activities delete what they are given. */
function assertUnder(dir: string, folder: 'rotations' | 'retired'): void {
  if (basename(dirname(dir)) !== folder || !/^\d{8}T\d{6}Z$/.test(basename(dir))) {
    throw nonRetryable('InvalidInput', `${dir} is not a ${folder}/<timestamp> directory`);
  }
}

function sha256OfCertificate(pem: string): string {
  return createHash('sha256').update(certificateToDer(pem)).digest('hex');
}

export interface GenerateRotationBundleInput {
  rotationDir: string;
  options: CertificateOptions;
  password: SecretRef;
}

/** The new bundle, made like the provisioned one; a retry adopts what an earlier attempt wrote. */
export async function generateRotationBundle(
  input: GenerateRotationBundleInput,
): Promise<GenerateCertificateResult> {
  assertUnder(input.rotationDir, 'rotations');
  return generateCertificate({
    outDir: input.rotationDir,
    options: input.options,
    password: input.password,
    force: false,
  });
}

/** Compensation: removes the rotation's directory (new bundle and rotation.json), and `rotations/` if now empty. */
export async function removeRotationBundle(input: { rotationDir: string }): Promise<void> {
  assertUnder(input.rotationDir, 'rotations');
  await rm(input.rotationDir, { recursive: true, force: true });
  await rmdir(dirname(input.rotationDir)).catch(() => undefined);
}

/** Writes (or rewrites) `rotation.json` in the rotation's directory. */
export async function recordRotation(input: {
  rotationDir: string;
  record: RotationRecord;
}): Promise<string> {
  assertUnder(input.rotationDir, 'rotations');
  const path = join(input.rotationDir, ROTATION_RECORD_FILE);
  await replaceAtomically(path, `${JSON.stringify(input.record, null, 2)}\n`);
  return path;
}

export interface InstallRotatedBundleInput {
  outputDir: string;
  rotationDir: string;
  retiredDir: string;
  oldSha256: string;
  newSha256: string;
}

/**
 * Makes the new bundle the current one: each old file is copied to `retiredDir`, then replaced in `outputDir` by
 * the new one; last, the new files leave the rotation directory (rotation.json stays there as the record).
 * A retry after a crash resumes: files already retired or already replaced are left as they are.
 */
export async function installRotatedBundle(
  input: InstallRotatedBundleInput,
): Promise<{ files: BundleFiles; retiredDir: string }> {
  assertUnder(input.rotationDir, 'rotations');
  assertUnder(input.retiredDir, 'retired');
  const path = (dir: string, key: keyof BundleFiles) => join(dir, BUNDLE_FILE_NAMES[key]);
  const files = Object.fromEntries(FILE_KEYS.map((k) => [k, path(input.outputDir, k)])) as BundleFiles;

  const currentCert = await readOrNull(files.cert);
  const currentSha = currentCert === null ? null : sha256OfCertificate(currentCert);
  if (currentSha !== input.oldSha256 && currentSha !== input.newSha256) {
    throw nonRetryable(
      'InvalidInput',
      `${files.cert} changed during the rotation (it is neither the old nor the new certificate); ` +
        'the rotation will roll back; restore the bundle and rotate again',
    );
  }

  await mkdir(input.retiredDir, { recursive: true, mode: 0o700 });
  for (const key of FILE_KEYS) {
    const fresh = await readOrNull(path(input.rotationDir, key));
    if (fresh === null) continue; // an earlier attempt already finished this file and cleaned up
    const current = await readOrNull(files[key]);
    if (current === fresh) continue;
    if (current !== null && (await readOrNull(path(input.retiredDir, key))) === null) {
      await replaceAtomically(path(input.retiredDir, key), current);
    }
    await replaceAtomically(files[key], fresh);
  }

  const installed = await readOrNull(files.cert);
  if (installed === null || sha256OfCertificate(installed) !== input.newSha256) {
    throw nonRetryable('VerificationFailed', `${files.cert} is not the new certificate after the switch`);
  }
  for (const key of FILE_KEYS) await rm(path(input.rotationDir, key), { force: true });
  return { files, retiredDir: input.retiredDir };
}

/**
 * Compensation of the install: every file retired by this rotation goes back into `outputDir` (a rename, which
 * replaces the new file atomically); files never retired were never replaced. Then the empty `retiredDir` goes.
 */
export async function uninstallRotatedBundle(input: {
  outputDir: string;
  retiredDir: string;
}): Promise<void> {
  assertUnder(input.retiredDir, 'retired');
  for (const key of FILE_KEYS) {
    const retired = join(input.retiredDir, BUNDLE_FILE_NAMES[key]);
    await rename(retired, join(input.outputDir, BUNDLE_FILE_NAMES[key])).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      },
    );
  }
  await rmdir(input.retiredDir).catch(() => undefined);
  await rmdir(dirname(input.retiredDir)).catch(() => undefined);
}
