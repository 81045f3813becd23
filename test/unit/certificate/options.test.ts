import { describe, expect, it } from 'vitest';
import {
  CertificateOptionsError,
  DEFAULT_CERTIFICATE_OPTIONS,
  parseSubject,
  validateCertificateOptions,
} from '../../../certificate/options.js';

function rejection(run: () => unknown): CertificateOptionsError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CertificateOptionsError);
    return err as CertificateOptionsError;
  }
  throw new Error('expected a CertificateOptionsError');
}

describe('validateCertificateOptions', () => {
  it('fills the openssl req -x509 defaults', () => {
    expect(validateCertificateOptions({})).toEqual({
      days: 3652,
      keyBits: 2048,
      subject: 'CN=PureEngage SAML',
      keyFormat: 'traditional',
    });
    expect(DEFAULT_CERTIFICATE_OPTIONS.days).toBe(3652);
  });

  it('keeps valid values and writes the subject in the canonical comma form', () => {
    expect(
      validateCertificateOptions({ days: 30, keyBits: 3072, subject: '/CN=x/O=y', keyFormat: 'pkcs8' }),
    ).toEqual({ days: 30, keyBits: 3072, subject: 'CN=x,O=y', keyFormat: 'pkcs8' });
  });

  it.each([
    [{ days: -1 }, 'days', '--days must be a whole number of days greater than 0 (got -1)'],
    [{ days: 0 }, 'days', '(got 0)'],
    [{ days: 1.5 }, 'days', '(got 1.5)'],
    [{ days: '30' as unknown as number }, 'days', '(got "30")'],
    [{ days: 3_000_000 }, 'days', 'year 9999'],
    [{ keyBits: 1024 }, 'keyBits', '--key-bits must be a multiple of 1024 from 2048 to 4096'],
    [{ keyBits: 2500 }, 'keyBits', '(got 2500)'],
    [{ keyBits: 8192 }, 'keyBits', '(got 8192)'],
    [
      { keyFormat: 'der' as 'pkcs8' },
      'keyFormat',
      '--key-format must be "traditional" or "pkcs8" (got "der")',
    ],
    [{ subject: 'XX=1' }, 'subject', 'unknown attribute type "XX"'],
    [{ subject: 42 as unknown as string }, 'subject', '(got 42)'],
    [
      { keybits: 4096 } as Partial<typeof DEFAULT_CERTIFICATE_OPTIONS>,
      'keybits',
      'unknown certificate option "keybits"',
    ],
  ])('rejects %j naming the field', (input, field, message) => {
    const err = rejection(() => validateCertificateOptions(input));
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
  });
});

describe('parseSubject', () => {
  it('reads comma-separated RDNs in the order written', () => {
    expect(parseSubject('CN=PureEngage SAML, O=Example')).toEqual([
      { shortName: 'CN', value: 'PureEngage SAML' },
      { shortName: 'O', value: 'Example' },
    ]);
  });

  it("reads openssl's -subj form and long attribute names", () => {
    expect(parseSubject('/commonName=A/organizationalUnitName=B/C=DE/emailAddress=a@b.example')).toEqual([
      { shortName: 'CN', value: 'A' },
      { shortName: 'OU', value: 'B' },
      { shortName: 'C', value: 'DE' },
      { shortName: 'emailAddress', value: 'a@b.example' },
    ]);
  });

  it('takes escaped separators and "=" inside values literally', () => {
    expect(parseSubject('CN=Smith\\, John,O=a=b')).toEqual([
      { shortName: 'CN', value: 'Smith, John' },
      { shortName: 'O', value: 'a=b' },
    ]);
    expect(parseSubject('/CN=a\\/b')).toEqual([{ shortName: 'CN', value: 'a/b' }]);
  });

  it.each([
    ['', 'must name at least one attribute'],
    ['CN', 'is not of the form TYPE=VALUE'],
    ['CN=x,,O=y', 'is not of the form TYPE=VALUE'],
    ['CN=', 'CN has an empty value'],
    ['FOO=bar', 'unknown attribute type "FOO"; use one of CN, O, OU, C, ST, L, emailAddress'],
    ['C=USA', 'two-letter country code'],
    ['CN=' + 'x'.repeat(65), 'openssl allows at most 64'],
    ['CN=a\u0007b', 'control character'],
    ['emailAddress=jö@example.com', 'plain ASCII'],
  ])('rejects %j', (subject, message) => {
    const err = rejection(() => parseSubject(subject));
    expect(err.field).toBe('subject');
    expect(err.message).toContain(message);
  });
});
