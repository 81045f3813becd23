import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { CertificateBundle } from '../../../certificate/bundle.js';

/**
 * Makes the next link/rename onto `failFor.name` fail once: for key.pem.enc that is after cert.pem
 * and cert.pem.b64 are already in place.
 */
const failFor = vi.hoisted(() => ({ name: '' }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const failing =
    <A extends [unknown, unknown]>(op: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      if (failFor.name && String(args[1]).endsWith(`/${failFor.name}`)) {
        failFor.name = '';
        throw Object.assign(new Error('injected failure'), { code: 'EIO' });
      }
      return op(...args);
    };
  return { ...actual, link: failing(actual.link), rename: failing(actual.rename) };
});

const { writeBundle } = await import('../../../certificate/artifacts.js');

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

const root = mkdtempSync(join(tmpdir(), 'cert-rollback-'));
afterEach(() => {
  failFor.name = '';
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeBundle when putting files in place fails midway', () => {
  it('removes the files it already placed, so no partial bundle is left', async () => {
    const dir = join(root, 'fresh');
    failFor.name = 'key.pem.enc';
    mkdirSync(dir);
    await expect(writeBundle(dir, fakeBundle('new'), { force: false })).rejects.toThrow('injected failure');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('restores the previous bundle when replacing it with force', async () => {
    const dir = join(root, 'forced');
    const { files } = await writeBundle(dir, fakeBundle('old'), { force: false });
    failFor.name = 'key.pem.enc';
    await expect(writeBundle(dir, fakeBundle('new'), { force: true })).rejects.toThrow('injected failure');
    expect(readdirSync(dir).sort()).toEqual(['cert.pem', 'cert.pem.b64', 'key.pem.enc', 'key.pem.enc.b64']);
    expect(readFileSync(files.cert, 'utf8')).toBe('cert old\n');
    expect(readFileSync(files.certB64, 'utf8')).toBe('cert b64 old\n');
    expect(readFileSync(files.key, 'utf8')).toBe('key old\n');
    expect(readFileSync(files.keyB64, 'utf8')).toBe('key b64 old\n');
  });
});
