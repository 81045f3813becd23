import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodecKeyConfigError, generateKeyEntry, loadKeyring, parseKeyring } from '../../codec/keys.js';

const key32 = () => randomBytes(32).toString('base64');

function configError(fn: () => unknown): CodecKeyConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecKeyConfigError);
    return error as CodecKeyConfigError;
  }
  throw new Error('expected a CodecKeyConfigError');
}

async function asyncConfigError(promise: Promise<unknown>): Promise<CodecKeyConfigError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CodecKeyConfigError);
  return error as CodecKeyConfigError;
}

describe('parseKeyring', () => {
  it('makes the first entry the active key and keeps all entries for decryption', () => {
    const keyring = parseKeyring(
      `new:${key32()}, old:${key32()}\n# a comment\n\nolder:${key32()}`,
      'HYBRID_CODEC_KEY',
    );

    expect(keyring.activeKey.id).toBe('new');
    expect([...keyring.keys.keys()]).toEqual(['new', 'old', 'older']);
    expect(keyring.source).toBe('HYBRID_CODEC_KEY');
  });

  it('never shows key bytes when a key is inspected or serialised', () => {
    const material = key32();
    const keyring = parseKeyring(`k1:${material}`, 'HYBRID_CODEC_KEY');

    expect(inspect(keyring, { depth: 5 })).not.toContain(material);
    expect(JSON.stringify(keyring.activeKey)).not.toContain(material);
  });

  it('names the variable, the entry and the fix for a key of the wrong length', () => {
    const short = randomBytes(16).toString('base64');

    const error = configError(() => parseKeyring(`good:${key32()},short:${short}`, 'HYBRID_CODEC_KEY'));

    expect(error.message).toContain('HYBRID_CODEC_KEY entry 2 (key id "short")');
    expect(error.message).toContain('16 bytes');
    expect(error.message).toContain('openssl rand -base64 32');
    expect(error.message).not.toContain(short);
  });

  it('names the variable for a key that is not base64', () => {
    const error = configError(() => parseKeyring('k1:not*base64!', 'HYBRID_CODEC_KEY'));

    expect(error.message).toContain('HYBRID_CODEC_KEY entry 1 (key id "k1") is not valid base64');
    expect(error.message).not.toContain('not*base64!');
  });

  it('refuses duplicate key ids', () => {
    const error = configError(() => parseKeyring(`k1:${key32()}\nk1:${key32()}`, 'HYBRID_CODEC_KEY'));

    expect(error.message).toContain('HYBRID_CODEC_KEY lists key id "k1" more than once');
  });

  it('refuses an entry without an id, an invalid id and an empty list', () => {
    const material = key32();
    const withoutId = configError(() => parseKeyring(material, 'HYBRID_CODEC_KEY'));
    expect(withoutId.message).toContain('is not of the form "keyId:base64key"');
    expect(withoutId.message).not.toContain(material);

    expect(configError(() => parseKeyring(`bad id:${key32()}`, 'HYBRID_CODEC_KEY')).message).toContain(
      'invalid key id',
    );
    expect(configError(() => parseKeyring(' \n# only a comment\n', 'HYBRID_CODEC_KEY')).message).toContain(
      'HYBRID_CODEC_KEY holds no key entries',
    );
  });
});

describe('loadKeyring', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'codec-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the default key file 0600 in a 0700 directory on first use and reuses it afterwards', async () => {
    const defaultKeyFile = join(dir, 'data', 'codec.key');

    const first = await loadKeyring({ env: {}, defaultKeyFile });
    const second = await loadKeyring({ env: {}, defaultKeyFile });

    expect((await stat(defaultKeyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
    expect(first.activeKey.id).toMatch(/^local-\d{8}-[0-9a-f]{6}$/);
    expect(second.activeKey.id).toBe(first.activeKey.id);
    expect(second.activeKey.material.equals(first.activeKey.material)).toBe(true);
    expect(first.source).toBe(`default key file ${defaultKeyFile}`);
  });

  it('lets concurrent first uses agree on one key', async () => {
    const defaultKeyFile = join(dir, 'codec.key');

    const keyrings = await Promise.all(
      Array.from({ length: 5 }, () => loadKeyring({ env: {}, defaultKeyFile })),
    );

    expect(new Set(keyrings.map((k) => k.activeKey.id)).size).toBe(1);
  });

  it('reads HYBRID_CODEC_KEY_FILE before anything else', async () => {
    const file = join(dir, 'keys.txt');
    await writeFile(file, `from-file:${key32()}\n`);

    const keyring = await loadKeyring({
      env: { HYBRID_CODEC_KEY_FILE: file },
      defaultKeyFile: join(dir, 'unused'),
    });

    expect(keyring.activeKey.id).toBe('from-file');
    expect(keyring.source).toBe(`HYBRID_CODEC_KEY_FILE (${file})`);
  });

  it('reads HYBRID_CODEC_KEY and creates no default file', async () => {
    const defaultKeyFile = join(dir, 'codec.key');

    const keyring = await loadKeyring({ env: { HYBRID_CODEC_KEY: `inline:${key32()}` }, defaultKeyFile });

    expect(keyring.activeKey.id).toBe('inline');
    await expect(stat(defaultKeyFile)).rejects.toThrow(/ENOENT/);
  });

  it('names HYBRID_CODEC_KEY_FILE in errors about the file', async () => {
    const missing = await asyncConfigError(
      loadKeyring({ env: { HYBRID_CODEC_KEY_FILE: join(dir, 'nope') } }),
    );
    expect(missing.message).toContain('HYBRID_CODEC_KEY_FILE points to');
    expect(missing.message).toContain('does not exist');

    const file = join(dir, 'keys.txt');
    await writeFile(file, `ok:${key32()}\nshort:${randomBytes(8).toString('base64')}\n`);
    const malformed = await asyncConfigError(loadKeyring({ env: { HYBRID_CODEC_KEY_FILE: file } }));
    expect(malformed.message).toContain(`HYBRID_CODEC_KEY_FILE (${file}) entry 2`);
  });

  it('refuses both variables at once', async () => {
    const error = await asyncConfigError(
      loadKeyring({ env: { HYBRID_CODEC_KEY_FILE: join(dir, 'k'), HYBRID_CODEC_KEY: `k:${key32()}` } }),
    );

    expect(error.message).toContain('Both HYBRID_CODEC_KEY_FILE and HYBRID_CODEC_KEY are set');
  });

  it('writes a commented key file whose entry generateKeyEntry could also have produced', async () => {
    const defaultKeyFile = join(dir, 'codec.key');
    await loadKeyring({ env: {}, defaultKeyFile });

    const content = await readFile(defaultKeyFile, 'utf8');

    expect(content).toMatch(/^# /);
    expect(content).toMatch(/^local-\d{8}-[0-9a-f]{6}:[A-Za-z0-9+/]{43}=$/m);
    expect(generateKeyEntry(new Date('2026-11-28T12:00:00Z'))).toMatch(/^local-20261128-[0-9a-f]{6}:/);
  });
});
