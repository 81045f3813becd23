/**
 * A worker killed while the certificate step places its files (seen in worker-crash.test.ts under load: the retry
 * found only cert.pem and failed the run as "incomplete"). The kill is simulated by a `link` that never returns
 * after the first file is placed: the process stops there, as under SIGKILL, with no rollback.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** When set, the nth `link` call (1-based) from now on hangs forever: the process "dies" there. */
const killAt = vi.hoisted(() => ({ linksLeft: Infinity }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const link: typeof fs.link = (from, to) => {
    killAt.linksLeft -= 1;
    return killAt.linksLeft < 0 ? new Promise<void>(() => undefined) : fs.link(from, to);
  };
  return { ...fs, link, default: { ...fs, link } };
});

const { generateCertificate } = await import('../../../activities/certificate.js');
const { decryptPrivateKeyPem } = await import('../../../certificate/bundle.js');
const { checkExistingBundle } = await import('../../../certificate/existing-bundle.js');
const { validateCertificateOptions } = await import('../../../certificate/options.js');
type Input = import('../../../activities/certificate.js').GenerateCertificateInput;

const PASSWORD = 'interrupted-write-password';
const ENV = 'HYBRID_TEST_INTERRUPTED_PASSWORD';
const root = mkdtempSync(join(tmpdir(), 'cert-interrupted-'));
const options = validateCertificateOptions({ subject: 'CN=PureEngage SAML,O=Interrupted' });

function attempt(n: number, input: Input): Promise<unknown> {
  return new MockActivityEnvironment({ attempt: n }).run(generateCertificate, input);
}

/** Starts a first attempt that is killed once it has placed `placed` files; resolves when it has. */
async function killedAfterPlacing(placed: number, input: Input): Promise<void> {
  killAt.linksLeft = placed;
  void attempt(1, input);
  await vi.waitFor(() => expect(killAt.linksLeft).toBeLessThan(0), { timeout: 30_000, interval: 20 });
  killAt.linksLeft = Infinity;
}

beforeAll(() => {
  process.env[ENV] = PASSWORD;
});
afterAll(() => {
  delete process.env[ENV];
  rmSync(root, { recursive: true, force: true });
});

describe('a certificate write killed part-way', () => {
  it('leaves the encrypted key first, and the retry removes the leftover and writes a whole bundle', async () => {
    const outDir = join(root, 'killed');
    const input: Input = { outDir, options, password: { env: ENV }, force: false };
    await killedAfterPlacing(1, input);
    const left = readdirSync(outDir);
    // The key is placed first, so the leftover proves whose it is; the other three wait under temporary names.
    expect(left.filter((f) => !f.startsWith('.'))).toEqual(['key.pem.enc']);
    expect(left.filter((f) => f.endsWith('.tmp'))).toHaveLength(3);

    await attempt(2, input);
    expect(readdirSync(outDir).sort()).toEqual([
      'cert.pem',
      'cert.pem.b64',
      'key.pem.enc',
      'key.pem.enc.b64',
    ]);
    const check = await checkExistingBundle(outDir, options, PASSWORD);
    expect(check.usable).toBe(true);
    expect(decryptPrivateKeyPem(readFileSync(join(outDir, 'key.pem.enc'), 'utf8'), PASSWORD)).toContain(
      'PRIVATE KEY',
    );
  });

  it('also recovers when the kill came after the key and the certificate were placed', async () => {
    const outDir = join(root, 'killed-later');
    const input: Input = { outDir, options, password: { env: ENV }, force: false };
    await killedAfterPlacing(2, input);
    expect(
      readdirSync(outDir)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(['cert.pem', 'key.pem.enc']);
    await attempt(2, input);
    expect((await checkExistingBundle(outDir, options, PASSWORD)).usable).toBe(true);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never removes a partial bundle whose key does not open with the password', async () => {
    const outDir = join(root, 'foreign');
    const input: Input = { outDir, options, password: { env: ENV }, force: false };
    await killedAfterPlacing(1, input);
    const other = join(root, 'other-password');
    writeFileSync(other, 'another password\n');
    const error = await attempt(2, { ...input, password: { file: other } }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).message).toContain('cannot adopt');
    expect(readdirSync(outDir).filter((f) => !f.startsWith('.'))).toEqual(['key.pem.enc']);
  });

  it('never removes a lone certificate: without the key nothing proves it was this run', async () => {
    const outDir = join(root, 'lone-cert');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'cert.pem'), 'not ours\n');
    const error = await attempt(2, { outDir, options, password: { env: ENV }, force: false }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((error as ApplicationFailure).message).toContain('incomplete');
    expect(readFileSync(join(outDir, 'cert.pem'), 'utf8')).toBe('not ours\n');
  });
});
