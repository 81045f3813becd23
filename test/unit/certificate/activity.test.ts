import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateCertificate,
  type GenerateCertificateInput,
  type GenerateCertificateResult,
} from '../../../activities/certificate.js';
import { describeCertificate } from '../../../certificate/bundle.js';
import { validateCertificateOptions } from '../../../certificate/options.js';

const PASSWORD = 'activity-test-password';
const ENV = 'HYBRID_TEST_CERT_PASSWORD';
const root = mkdtempSync(join(tmpdir(), 'cert-activity-'));
const outDir = join(root, 'bundle');
const options = validateCertificateOptions({ subject: 'CN=PureEngage SAML,O=Activity Test' });
const input: GenerateCertificateInput = { outDir, options, password: { env: ENV }, force: false };

function attempt(n: number, run: GenerateCertificateInput = input): Promise<GenerateCertificateResult> {
  return new MockActivityEnvironment({ attempt: n }).run(generateCertificate, run);
}

async function invalidInput(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  expect(failure.type).toBe('InvalidInput');
  expect(failure.nonRetryable).toBe(true);
  expect(failure.message).not.toContain(PASSWORD);
  return failure;
}

/** The only RSA key of this file: every test below reuses this bundle. */
let first: GenerateCertificateResult;
beforeAll(async () => {
  process.env[ENV] = PASSWORD;
  first = await attempt(1);
});
afterAll(() => {
  delete process.env[ENV];
  rmSync(root, { recursive: true, force: true });
});

describe('generateCertificate activity', () => {
  it('writes the bundle and returns where it is and what the IdP needs, but no key material', () => {
    expect(first.files.cert).toBe(join(outDir, 'cert.pem'));
    for (const file of Object.values(first.files)) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(describeCertificate(readFileSync(first.files.cert, 'utf8'))).toEqual({
      sha256Fingerprint: first.sha256Fingerprint,
      notBefore: first.notBefore,
      notAfter: first.notAfter,
      subject: 'CN=PureEngage SAML,O=Activity Test',
      certificateBody: first.certificateBody,
    });
    const serialized = JSON.stringify(first);
    expect(serialized).not.toContain('PRIVATE KEY');
    expect(serialized).not.toContain(PASSWORD);
    expect(Object.keys(first).sort()).toEqual(
      ['certificateBody', 'files', 'notAfter', 'notBefore', 'sha256Fingerprint', 'subject'].sort(),
    );
  });

  it('adopts the bundle of an earlier attempt on a retry instead of failing or making a second certificate', async () => {
    const keyBefore = readFileSync(first.files.key, 'utf8');
    const retried = await attempt(2);
    expect(retried).toEqual(first);
    expect(readFileSync(first.files.key, 'utf8')).toBe(keyBefore);
  });

  it('adopts on a retry with force too, rather than replacing what the first attempt wrote', async () => {
    expect(await attempt(3, { ...input, force: true })).toEqual(first);
  });

  it('refuses an existing bundle on a first attempt without force', async () => {
    const failure = await invalidInput(attempt(1));
    expect(failure.message).toContain(`--out ${outDir} already holds a certificate bundle`);
    expect(failure.message).toContain('--force');
  });

  it('treats a call outside an activity as a first attempt', async () => {
    await invalidInput(generateCertificate(input));
  });

  it('refuses to adopt a bundle whose key does not open with the password', async () => {
    const other = join(root, 'other-password');
    writeFileSync(other, 'a different password\n');
    const failure = await invalidInput(attempt(2, { ...input, password: { file: other } }));
    expect(failure.message).toContain('cannot adopt');
    expect(failure.message).toContain('wrong password');
    expect(failure.message).not.toContain('a different password');
  });

  it('refuses to adopt a bundle made for another subject', async () => {
    const failure = await invalidInput(
      attempt(2, { ...input, options: { ...options, subject: 'CN=Other' } }),
    );
    expect(failure.message).toContain('its subject is CN=PureEngage SAML,O=Activity Test, not CN=Other');
  });

  it('refuses to adopt an incomplete bundle', async () => {
    const dir = join(root, 'only-cert');
    mkdirSync(dir);
    writeFileSync(join(dir, 'cert.pem'), readFileSync(first.files.cert));
    const failure = await invalidInput(attempt(2, { ...input, outDir: dir }));
    expect(failure.message).toContain('incomplete (missing cert.pem.b64, key.pem.enc, key.pem.enc.b64)');
  });

  it('replaces a bundle it cannot adopt when force is set', async () => {
    const dir = join(root, 'replace');
    mkdirSync(dir);
    for (const file of Object.values(first.files)) copyFileSync(file, join(dir, basename(file)));
    const replaced = await attempt(2, {
      ...input,
      outDir: dir,
      force: true,
      options: { ...options, subject: 'CN=New' },
    });
    expect(replaced.subject).toBe('CN=New');
    expect(replaced.sha256Fingerprint).not.toBe(first.sha256Fingerprint);
    expect(describeCertificate(readFileSync(join(dir, 'cert.pem'), 'utf8')).subject).toBe('CN=New');
  });

  it.each([
    [
      { ...input, options: { ...options, days: -1 } },
      'days',
      '--days must be a whole number of days greater than 0 (got -1)',
    ],
    [{ ...input, outDir: 'relative/out' }, 'outDir', 'outDir must be an absolute path'],
    [
      { ...input, password: { env: 'HYBRID_TEST_UNSET_VARIABLE' } },
      'password',
      'environment variable HYBRID_TEST_UNSET_VARIABLE is not set',
    ],
    [{ ...input, outDir: '/proc/hybrid-provisioner-test' }, '--out', 'is not writable'],
  ])('fails for good with InvalidInput on bad input (%#)', async (badInput, field, message) => {
    const failure = await invalidInput(attempt(1, badInput as GenerateCertificateInput));
    expect(failure.message).toContain(message);
    expect(failure.details).toEqual([{ field }]);
  });
});
