import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '@temporalio/worker';
import { clearRegisteredSecrets, redactSecrets, registerSecret } from '../../secrets/redaction.js';
import { resolveSecret } from '../../secrets/secret-ref.js';
import { SecretScrubber } from '../../purecloud/redact.js';
import { createRedactingLogger } from '../../worker/redacting-logger.js';

afterEach(() => clearRegisteredSecrets());

/** A small encrypted PKCS#8 key (`ENCRYPTED PRIVATE KEY`), made for the test and thrown away. */
function throwawayEncryptedKeyPem(): string {
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'throwaway' },
  }).privateKey;
}

describe('redactSecrets', () => {
  it('replaces registered values, longest first, and ignores values under 8 characters', () => {
    registerSecret('s3cret-value', 's3cret-value-longer', 'short');
    expect(redactSecrets('a s3cret-value-longer b s3cret-value c short')).toBe(
      'a [redacted] b [redacted] c short',
    );
  });

  it('removes PEM private key blocks, bearer/basic credentials and secret fields of JSON and form bodies', () => {
    // Made here, not committed: no key material lives in the repository, not even a test one.
    const pem = throwawayEncryptedKeyPem();
    const keyBody = pem.split('\n')[1]!;
    const text = `${pem} Authorization: Bearer abc.DEF-123 Basic dXNlcjpwYXNz {"client_secret": "x\\"y", "password":"pw"} grant_type=client_credentials&assertion=PHNhbWw+`;
    const out = redactSecrets(text);
    expect(out).not.toContain(keyBody);
    expect(out).not.toMatch(/abc\.DEF|dXNlcjpw|x\\"y|"pw"|PHNhbWw/);
    expect(out).toContain('-----BEGIN ENCRYPTED PRIVATE KEY----- [redacted]');
    expect(out).toContain('grant_type=client_credentials');
  });

  it('leaves prose about secret settings readable', () => {
    const message = 'certificate.password: file /run/secrets/pw does not exist';
    expect(redactSecrets(message)).toBe(message);
  });

  it('learns values from resolveSecret and from the Genesys client scrubber', async () => {
    await resolveSecret({ value: 'resolved-admin-secret' }, 'credentials.clientSecret');
    new SecretScrubber().add('basic-credentials-xyz').addToken('access-token-123456');
    expect(redactSecrets('resolved-admin-secret basic-credentials-xyz access-token-123456')).toBe(
      '[redacted] [redacted] [redacted]',
    );
  });
});

describe('createRedactingLogger', () => {
  it('redacts the message, nested metadata and errors with their cause chain and stack', () => {
    registerSecret('generated-client-secret');
    const entries: LogEntry[] = [];
    const logger = createRedactingLogger('DEBUG', (entry) => entries.push(entry));
    const cause = new Error('token endpoint echoed generated-client-secret');
    const error = new Error('Activity failed: generated-client-secret', { cause });
    logger.warn('failed with generated-client-secret', {
      error,
      nested: { list: ['generated-client-secret'] },
    });
    logger.debug('plain', { attempt: 2 });
    logger.trace('below level');
    expect(entries).toHaveLength(2);
    const serialised = JSON.stringify(entries, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(serialised).not.toContain('generated-client-secret');
    expect(serialised).toContain('token endpoint echoed [redacted]');
    expect(entries[0]?.message).toBe('failed with [redacted]');
    expect(entries[1]?.meta).toEqual({ attempt: 2 });
  });
});
