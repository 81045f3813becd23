import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBundleDirWritable,
  BUNDLE_FILE_NAMES,
  BundleDirError,
  writeBundle,
} from '../../../certificate/artifacts.js';
import type { CertificateBundle } from '../../../certificate/bundle.js';

/** writeBundle only stores strings: a stand-in bundle keeps these tests free of key generation. */
function fakeBundle(tag: string): CertificateBundle {
  return {
    certPem: `cert ${tag}\n`,
    certPemB64: `cert b64 ${tag}\n`,
    keyPemEnc: `key ${tag}\n`,
    keyPemEncB64: `key b64 ${tag}\n`,
    certificateBody: 'body',
    sha256Fingerprint: '00',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2036-01-01T00:00:00.000Z',
    serialNumberHex: '01',
    subject: 'CN=x',
  };
}

async function rejection(promise: Promise<unknown>): Promise<BundleDirError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(BundleDirError);
  return error as BundleDirError;
}

const root = mkdtempSync(join(tmpdir(), 'cert-artifacts-'));
let dir: string;
let counter = 0;
beforeEach(() => {
  dir = join(root, `case-${++counter}`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeBundle', () => {
  it('creates missing directories (0700) and writes the four files (0600)', async () => {
    const out = join(dir, 'nested', 'out');
    const result = await writeBundle(out, fakeBundle('one'), { force: false });
    expect(result.dir).toBe(out);
    expect(result.files).toEqual({
      cert: join(out, 'cert.pem'),
      certB64: join(out, 'cert.pem.b64'),
      key: join(out, 'key.pem.enc'),
      keyB64: join(out, 'key.pem.enc.b64'),
    });
    expect(readFileSync(result.files.key, 'utf8')).toBe('key one\n');
    expect(readFileSync(result.files.certB64, 'utf8')).toBe('cert b64 one\n');
    for (const file of Object.values(result.files)) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(readdirSync(out).sort()).toEqual(Object.values(BUNDLE_FILE_NAMES).sort());
  });

  it('writes 0600 even under a permissive umask', async () => {
    const previous = process.umask(0o000);
    try {
      const { files } = await writeBundle(dir, fakeBundle('umask'), { force: false });
      expect(statSync(files.cert).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it.each(Object.values(BUNDLE_FILE_NAMES))('refuses a directory that already holds %s', async (name) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), 'old\n');
    const error = await rejection(writeBundle(dir, fakeBundle('new'), { force: false }));
    expect(error.field).toBe('--out');
    expect(error.message).toContain(`--out ${dir} already holds a certificate bundle (${name})`);
    expect(error.message).toContain('use --force');
    expect(readdirSync(dir)).toEqual([name]);
    expect(readFileSync(join(dir, name), 'utf8')).toBe('old\n');
  });

  it('replaces an existing bundle with force, leaving no temporary or backup files', async () => {
    await writeBundle(dir, fakeBundle('old'), { force: false });
    writeFileSync(join(dir, 'unrelated.txt'), 'keep');
    const { files } = await writeBundle(dir, fakeBundle('new'), { force: true });
    expect(readFileSync(files.cert, 'utf8')).toBe('cert new\n');
    expect(readFileSync(files.keyB64, 'utf8')).toBe('key b64 new\n');
    expect(readdirSync(dir).sort()).toEqual([...Object.values(BUNDLE_FILE_NAMES), 'unrelated.txt'].sort());
  });

  it('writes nothing when a file cannot be written: no temporary files, no directories it created', async () => {
    const broken = { ...fakeBundle('broken'), keyPemEncB64: undefined as unknown as string };
    await expect(writeBundle(join(dir, 'new', 'out'), broken, { force: false })).rejects.toThrow();
    expect(existsSync(dir)).toBe(false);
    mkdirSync(dir);
    writeFileSync(join(dir, 'unrelated.txt'), 'keep');
    await expect(writeBundle(dir, broken, { force: false })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['unrelated.txt']);
  });
});

describe('assertBundleDirWritable', () => {
  it('accepts a directory that does not exist yet and creates nothing', async () => {
    await assertBundleDirWritable(join(dir, 'a', 'b'), { force: false });
    expect(existsSync(join(dir, 'a'))).toBe(false);
  });

  it('accepts an existing bundle with force', async () => {
    await writeBundle(dir, fakeBundle('old'), { force: false });
    await expect(assertBundleDirWritable(dir, { force: true })).resolves.toBeUndefined();
  });

  it('refuses a path that is a file, or lies under a file', async () => {
    mkdirSync(root, { recursive: true });
    const file = join(root, `file-${counter}`);
    writeFileSync(file, 'x');
    expect((await rejection(assertBundleDirWritable(file, { force: false }))).message).toBe(
      `--out ${file} exists but is not a directory; choose a directory`,
    );
    expect((await rejection(assertBundleDirWritable(join(file, 'out'), { force: true }))).message).toContain(
      `because ${file} is not a directory`,
    );
  });

  it('refuses a directory it cannot write to, before anything is generated', async () => {
    // /proc refuses new files even for root, where permission bits would not stop a probe.
    const error = await rejection(
      assertBundleDirWritable('/proc/hybrid-provisioner-test/out', { force: false }),
    );
    expect(error.message).toMatch(
      /^--out \/proc\/hybrid-provisioner-test\/out is not writable \(\w+ in \/proc\); fix its permissions or choose another --out$/,
    );
  });

  it('refuses an empty path', async () => {
    expect((await rejection(assertBundleDirWritable('  ', { force: false }))).message).toContain(
      '--out is empty',
    );
  });
});
