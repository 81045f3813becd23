import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  describeSecretRef,
  parseSecretRef,
  resolveSecret,
  type SecretRef,
  SecretRefError,
} from '../../../secrets/secret-ref.js';

const dir = mkdtempSync(join(tmpdir(), 'secret-ref-'));
const ENV = 'HYBRID_TEST_SECRET_REF';
afterEach(() => {
  delete process.env[ENV];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function resolveError(ref: SecretRef): Promise<SecretRefError> {
  const error = await resolveSecret(ref, 'password').then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SecretRefError);
  expect((error as SecretRefError).field).toBe('password');
  return error as SecretRefError;
}

describe('parseSecretRef', () => {
  it('reads env:NAME and file:PATH', () => {
    expect(parseSecretRef('env:KEY_PASSWORD', 'password')).toEqual({ env: 'KEY_PASSWORD' });
    expect(parseSecretRef('file:/run/secrets/pw', 'password')).toEqual({ file: '/run/secrets/pw' });
  });

  it('refuses anything else without repeating it, since it may be the secret itself', () => {
    for (const text of ['hunter2-secret', 'env:', 'env:1BAD', 'file:', 'value:hunter2-secret']) {
      let error: unknown;
      try {
        parseSecretRef(text, 'spec.certificate.password');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(SecretRefError);
      expect((error as SecretRefError).field).toBe('spec.certificate.password');
      expect((error as Error).message).toMatch(/^spec\.certificate\.password/);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('resolveSecret', () => {
  it('reads an environment variable', async () => {
    process.env[ENV] = 's3cret';
    await expect(resolveSecret({ env: ENV }, 'password')).resolves.toBe('s3cret');
  });

  it('says which variable to set when it is unset or empty', async () => {
    expect((await resolveError({ env: ENV })).message).toBe(
      `password: environment variable ${ENV} is not set; set it where the worker runs (export ${ENV}=...) or use file:PATH`,
    );
    process.env[ENV] = '';
    expect((await resolveError({ env: ENV })).message).toContain(`${ENV} is empty`);
  });

  it('reads a file, dropping one trailing newline only', async () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'line one\n\n');
    await expect(resolveSecret({ file }, 'password')).resolves.toBe('line one\n');
    writeFileSync(file, 'crlf\r\n');
    await expect(resolveSecret({ file }, 'password')).resolves.toBe('crlf');
    writeFileSync(file, ' spaced ');
    await expect(resolveSecret({ file }, 'password')).resolves.toBe(' spaced ');
  });

  it('says what to do when the file is missing or empty, without showing its content', async () => {
    const missing = join(dir, 'missing');
    expect((await resolveError({ file: missing })).message).toBe(
      `password: file ${missing} does not exist; point it at a regular file containing only the secret, or use env:NAME`,
    );
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect((await resolveError({ file: empty })).message).toContain('is empty');
  });

  it('passes an inline value through and refuses malformed references', async () => {
    await expect(resolveSecret({ value: 'inline' }, 'password')).resolves.toBe('inline');
    await resolveError({ value: '' });
    const malformed = await resolveError({ env: ENV, value: 'hunter2' } as unknown as SecretRef);
    expect(malformed.message).not.toContain('hunter2');
  });
});

describe('describeSecretRef', () => {
  it('shows references but never an inline value', () => {
    expect(describeSecretRef({ env: 'A' })).toBe('env:A');
    expect(describeSecretRef({ file: '/x' })).toBe('file:/x');
    expect(describeSecretRef({ value: 'hunter2' })).toBe('value:<redacted>');
  });
});
