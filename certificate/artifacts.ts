import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CertificateBundle } from './bundle.js';

export const BUNDLE_FILE_NAMES = {
  cert: 'cert.pem',
  certB64: 'cert.pem.b64',
  key: 'key.pem.enc',
  keyB64: 'key.pem.enc.b64',
} as const;

export type BundleFileKey = keyof typeof BUNDLE_FILE_NAMES;
export type BundleFiles = Record<BundleFileKey, string>;

const FILE_KEYS = Object.keys(BUNDLE_FILE_NAMES) as BundleFileKey[];

/**
 * The order the files take their final names in: the encrypted key first. A process killed between two of these
 * steps (a worker crash, SIGKILL) leaves a partial bundle that always holds the key, so a retry can prove the
 * leftover is its own (the key opens with the run's password, existing-bundle.ts) and write again, instead of
 * refusing an unexplained `cert.pem`.
 */
const PLACEMENT_ORDER: readonly BundleFileKey[] = ['key', 'cert', 'keyB64', 'certB64'];

/** A write's tag: its process and 6 random bytes, so concurrent writers never share a temporary name. */
function writeTag(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The temporary name writeBundle writes a file under before it places it. */
function tempName(file: string, tag: string): string {
  return `.${file}.${tag}.tmp`;
}

/** Any temporary name of {@link tempName} with a tag of {@link writeTag}. */
const TEMP_FILE = new RegExp(
  `^\\.(${Object.values(BUNDLE_FILE_NAMES)
    .map((f) => f.replaceAll('.', '\\.'))
    .join('|')})\\.\\d+-[0-9a-f]{12}\\.tmp$`,
);

/** The `--out` directory cannot take a bundle; the message says why and what to do. */
export class BundleDirError extends Error {
  override readonly name = 'BundleDirError';
  readonly field = '--out';
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The bundle file names already present in `dir`. */
export async function existingBundleFiles(dir: string): Promise<string[]> {
  const present: string[] = [];
  for (const key of FILE_KEYS) {
    if (await statOrUndefined(join(dir, BUNDLE_FILE_NAMES[key]))) present.push(BUNDLE_FILE_NAMES[key]);
  }
  return present;
}

/** The directory itself when it exists, else its closest existing ancestor (where mkdir would write). */
async function closestExistingDir(dir: string): Promise<{ path: string; isDir: boolean }> {
  let path = dir;
  for (;;) {
    const info = await statOrUndefined(path);
    if (info) return { path, isDir: info.isDirectory() };
    const parent = dirname(path);
    if (parent === path) return { path, isDir: false };
    path = parent;
  }
}

/**
 * Proves writability by creating and removing a probe file: permission bits alone mislead (root,
 * read-only mounts, ACLs).
 */
async function probeWritable(dir: string): Promise<string | undefined> {
  const probe = join(dir, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx', 0o600);
    await handle.close();
    await unlink(probe);
    return undefined;
  } catch (err) {
    return errorCode(err) ?? String(err);
  }
}

/**
 * Checks, before any key is generated, that `dir` can take a new bundle: it is (or can be created as)
 * a writable directory, and it holds none of the four bundle files unless `force` is set.
 */
export async function assertBundleDirWritable(dir: string, opts: { force: boolean }): Promise<void> {
  if (typeof dir !== 'string' || dir.trim() === '') {
    throw new BundleDirError('--out is empty; give the directory to write the certificate bundle into');
  }
  const target = resolve(dir);
  const existing = await closestExistingDir(target);
  if (!existing.isDir) {
    throw new BundleDirError(
      existing.path === target
        ? `--out ${target} exists but is not a directory; choose a directory`
        : `--out ${target} cannot be created because ${existing.path} is not a directory; choose another --out`,
    );
  }
  const problem = await probeWritable(existing.path);
  if (problem) {
    throw new BundleDirError(
      `--out ${target} is not writable (${problem} in ${existing.path}); fix its permissions or choose another --out`,
    );
  }
  if (existing.path === target && !opts.force) {
    const present = await existingBundleFiles(target);
    if (present.length > 0) {
      throw new BundleDirError(
        `--out ${target} already holds a certificate bundle (${present.join(', ')}); ` +
          'use --force to replace it or choose another --out directory',
      );
    }
  }
}

async function writeNewFile(path: string, contents: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    // The umask can only remove bits, but be explicit: these files hold key material.
    await handle.chmod(0o600);
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Moves `from` to `to` unless `to` exists. `link` gives that atomically; filesystems without hard
 * links (some network and FUSE mounts) get a check followed by a rename.
 */
async function placeWithoutReplacing(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(err) ?? '')) throw err;
    if (await statOrUndefined(to)) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
    await rename(from, to);
    return;
  }
  await unlink(from);
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/** Removes the directories this call created, innermost first; `rmdir` leaves any that are not empty. */
async function removeEmptyDirs(innermost: string, outermost: string): Promise<void> {
  for (let dir = innermost; dir.startsWith(outermost); dir = dirname(dir)) {
    if (
      !(await rmdir(dir).then(
        () => true,
        () => false,
      ))
    )
      return;
    if (dir === outermost) return;
  }
}

/**
 * Writes the four bundle files (mode 0600) into `dir`, creating it with mode 0700 if missing.
 * All files go to temporary names first and only then take their final names, so a failure leaves
 * nothing of the new bundle behind (nor the directories it created). Without `force` the final step is `link`, which refuses to
 * replace a file that appeared meanwhile; with `force`, earlier bundle files are moved aside and
 * restored if the new ones cannot all be put in place.
 */
export async function writeBundle(
  dir: string,
  bundle: CertificateBundle,
  opts: { force: boolean },
): Promise<{ dir: string; files: BundleFiles }> {
  await assertBundleDirWritable(dir, opts);
  const target = resolve(dir);
  const firstCreated = await mkdir(target, { recursive: true, mode: 0o700 });

  const contents: BundleFiles = {
    cert: bundle.certPem,
    certB64: bundle.certPemB64,
    key: bundle.keyPemEnc,
    keyB64: bundle.keyPemEncB64,
  };
  const files = Object.fromEntries(
    FILE_KEYS.map((k) => [k, join(target, BUNDLE_FILE_NAMES[k])]),
  ) as BundleFiles;
  const tag = writeTag();
  const temp = (key: BundleFileKey) => join(target, tempName(BUNDLE_FILE_NAMES[key], tag));
  const backup = (key: BundleFileKey) => join(target, `.${BUNDLE_FILE_NAMES[key]}.${tag}.old`);

  const placed: BundleFileKey[] = [];
  const movedAside: BundleFileKey[] = [];
  try {
    for (const key of FILE_KEYS) await writeNewFile(temp(key), contents[key]);
    for (const key of PLACEMENT_ORDER) {
      if (opts.force) {
        if (await statOrUndefined(files[key])) {
          await rename(files[key], backup(key));
          movedAside.push(key);
        }
        await rename(temp(key), files[key]);
      } else {
        await placeWithoutReplacing(temp(key), files[key]);
      }
      placed.push(key);
    }
  } catch (err) {
    for (const key of placed) await removeQuietly(files[key]);
    for (const key of movedAside) await rename(backup(key), files[key]).catch(() => undefined);
    for (const key of FILE_KEYS) await removeQuietly(temp(key));
    if (firstCreated) await removeEmptyDirs(target, firstCreated);
    if (errorCode(err) === 'EEXIST' && !opts.force) {
      throw new BundleDirError(
        `--out ${target} gained a certificate bundle file while writing; use --force to replace it or choose another --out directory`,
      );
    }
    throw err;
  }
  for (const key of movedAside) await removeQuietly(backup(key));
  return { dir: target, files };
}

/** The four files of a bundle already in `dir`, or which of them are missing and the contents of the others. */
export async function readBundleFiles(
  dir: string,
): Promise<
  { files: BundleFiles; contents: BundleFiles } | { missing: string[]; present: Partial<BundleFiles> }
> {
  const target = resolve(dir);
  const files = Object.fromEntries(
    FILE_KEYS.map((k) => [k, join(target, BUNDLE_FILE_NAMES[k])]),
  ) as BundleFiles;
  const contents: Partial<BundleFiles> = {};
  const missing: string[] = [];
  for (const key of FILE_KEYS) {
    try {
      contents[key] = await readFile(files[key], 'utf8');
    } catch (err) {
      if (errorCode(err) !== 'ENOENT' && errorCode(err) !== 'ENOTDIR') throw err;
      missing.push(BUNDLE_FILE_NAMES[key]);
    }
  }
  return missing.length > 0 ? { missing, present: contents } : { files, contents: contents as BundleFiles };
}

/**
 * Removes what a killed writeBundle left in `dir`: the given bundle files and every temporary file of a write.
 * Only for a leftover the caller has proved is its own (existing-bundle.ts `interruptedWrite`).
 */
export async function removeInterruptedWrite(dir: string, files: readonly string[]): Promise<void> {
  const target = resolve(dir);
  const temps = (await readdir(target)).filter((name) => TEMP_FILE.test(name));
  for (const name of [...files, ...temps]) await removeQuietly(join(target, name));
}
