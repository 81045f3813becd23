import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../../certificate/artifacts.js';
import {
  type CertificateBundle,
  decryptPrivateKeyPem,
  describeCertificate,
  generateCertificateBundle,
  PrivateKeyDecryptError,
} from '../../../certificate/bundle.js';
import { CertificateOptionsError, validateCertificateOptions } from '../../../certificate/options.js';
import { openssl, opensslOk } from './openssl.js';

// Non-ASCII on purpose: openssl reads the password's UTF-8 bytes, and forge must be given the same.
const PASSWORD_A = 'pässwörd € one';
const PASSWORD_B = 'zweites-Passwort-ß';
const pw = (password: string) => ({ env: { KEY_PASSWORD: password } });

/** Two RSA keys for the whole file: a default bundle and a 3072-bit PKCS#8 one. */
let root: string;
let a: { bundle: CertificateBundle; dir: string; cert: string; key: string; certB64: string; keyB64: string };
let b: { bundle: CertificateBundle; dir: string; cert: string; key: string; certB64: string; keyB64: string };

async function makeBundle(
  name: string,
  input: Parameters<typeof validateCertificateOptions>[0],
  password: string,
) {
  const bundle = await generateCertificateBundle(validateCertificateOptions(input), password);
  const dir = join(root, name);
  const { files } = await writeBundle(dir, bundle, { force: false });
  return { bundle, dir, cert: files.cert, key: files.key, certB64: files.certB64, keyB64: files.keyB64 };
}

function x509(args: string[], file: string): string {
  return opensslOk(['x509', '-in', file, '-noout', ...args]);
}

function opensslDate(line: string): string {
  return new Date(line.split('=')[1] as string).toISOString();
}

/** `-text` without what differs between two certificates for the same key: serial, dates, signature. */
function comparableText(file: string): string {
  return x509(['-text'], file)
    .split('\n')
    .filter((line) => !/Not Before|Not After/.test(line))
    .join('\n')
    .replace(/Serial Number:\n(\s+[0-9a-f:]+\n)/, 'Serial Number:\n')
    .replace(/Signature Value:[\s\S]*$/, '');
}

/** asn1parse with offsets, lengths and hex dumps removed: the shape of the structure. */
function asn1Shape(file: string): string[] {
  return opensslOk(['asn1parse', '-in', file])
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      line.replace(/^\s*\d+:d=(\d+)\s+hl=\d+\s+l=\s*\d+/, 'd=$1').replace(/\[HEX DUMP\]:\w+/, '[HEX]'),
    );
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cert-bundle-'));
  a = await makeBundle('a', { subject: 'CN=PureEngage SAML,O=Example' }, PASSWORD_A);
  b = await makeBundle(
    'b',
    { keyBits: 3072, days: 30, subject: '/CN=Zürich SAML/O=Example AG/C=CH', keyFormat: 'pkcs8' },
    PASSWORD_B,
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the certificate', () => {
  it('has the asked subject, validity and serial as openssl reads them', () => {
    const [subject, notBefore, notAfter, serial] = x509(['-subject', '-dates', '-serial'], a.cert)
      .trim()
      .split('\n');
    expect(subject).toBe('subject=CN = PureEngage SAML, O = Example');
    expect(opensslDate(notBefore as string)).toBe(a.bundle.notBefore);
    expect(opensslDate(notAfter as string)).toBe(a.bundle.notAfter);
    expect(Date.parse(a.bundle.notAfter) - Date.parse(a.bundle.notBefore)).toBe(3652 * 86_400_000);
    expect(Math.abs(Date.parse(a.bundle.notBefore) - Date.now())).toBeLessThan(120_000);
    expect(serial).toBe(`serial=${a.bundle.serialNumberHex}`);
    expect(a.bundle.serialNumberHex).toMatch(/^(?:[0-7][0-9A-F]|[0-9A-F]{2})[0-9A-F]*$/);
  });

  it('takes days, key size and a UTF-8 subject from the options', () => {
    const [subject, notBefore, notAfter] = opensslOk([
      'x509',
      '-in',
      b.cert,
      '-noout',
      '-subject',
      '-dates',
      '-nameopt',
      'utf8,sep_comma_plus',
    ])
      .trim()
      .split('\n');
    expect(subject).toBe('subject=CN=Zürich SAML,O=Example AG,C=CH');
    expect(b.bundle.subject).toBe('CN=Zürich SAML,O=Example AG,C=CH');
    expect(Date.parse(opensslDate(notAfter as string)) - Date.parse(opensslDate(notBefore as string))).toBe(
      30 * 86_400_000,
    );
    expect(x509(['-text'], b.cert)).toContain('Public-Key: (3072 bit)');
    expect(x509(['-text'], a.cert)).toContain('Public-Key: (2048 bit)');
  });

  it('is self-signed: openssl verifies it against itself', () => {
    expect(opensslOk(['verify', '-CAfile', a.cert, a.cert]).trim()).toBe(`${a.cert}: OK`);
    expect(opensslOk(['verify', '-CAfile', b.cert, b.cert]).trim()).toBe(`${b.cert}: OK`);
  });

  it('reads as what openssl req -x509 makes for the same key: SHA-256, same extensions, same string types', () => {
    const keyPem = join(root, 'a-plain.pem');
    const reference = join(root, 'a-openssl.pem');
    // The unencrypted key goes to disk only here, in the test's own temporary directory.
    writeFileSync(keyPem, decryptPrivateKeyPem(readFileSync(a.key, 'utf8'), PASSWORD_A), { mode: 0o600 });
    opensslOk([
      'req',
      '-new',
      '-x509',
      '-key',
      keyPem,
      '-days',
      '3652',
      '-subj',
      '/CN=PureEngage SAML/O=Example',
      '-out',
      reference,
    ]);

    expect(comparableText(a.cert)).toBe(comparableText(reference));
    expect(comparableText(a.cert)).toContain('X509v3 Authority Key Identifier');
    const text = x509(['-text'], a.cert);
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE/);
    const shape = (file: string) => asn1Shape(file).filter((line) => !/UTCTIME|INTEGER/.test(line));
    expect(shape(a.cert)).toEqual(shape(reference));
  });

  it('identifies its key by the SHA-1 of the public key, in both key identifiers', () => {
    const rsaPublicKey = createPublicKey(readFileSync(a.cert, 'utf8')).export({
      type: 'pkcs1',
      format: 'der',
    });
    const expected = createHash('sha1')
      .update(rsaPublicKey)
      .digest('hex')
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:');
    const text = x509(['-ext', 'subjectKeyIdentifier,authorityKeyIdentifier'], a.cert);
    expect(text.match(new RegExp(expected, 'g'))).toHaveLength(2);
  });

  it('gives the one-line DER body and fingerprint openssl computes', () => {
    const derFile = join(root, 'a.der');
    opensslOk(['x509', '-in', a.cert, '-outform', 'DER', '-out', derFile]);
    expect(a.bundle.certificateBody).toBe(readFileSync(derFile).toString('base64'));
    expect(a.bundle.certificateBody).not.toContain('\n');
    const fingerprint = x509(['-fingerprint', '-sha256'], a.cert).trim().split('=')[1];
    expect(a.bundle.sha256Fingerprint).toBe(fingerprint?.replace(/:/g, '').toLowerCase());
    expect(a.bundle.certPem).toBe(readFileSync(a.cert, 'utf8'));
    expect(a.bundle.certPem).toMatch(
      /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/,
    );
  });
});

describe('the encrypted key', () => {
  it('decrypts with openssl rsa and the password, and belongs to the certificate', () => {
    const keyModulus = opensslOk(
      ['rsa', '-in', a.key, '-passin', 'env:KEY_PASSWORD', '-noout', '-modulus'],
      pw(PASSWORD_A),
    );
    expect(keyModulus).toBe(x509(['-modulus'], a.cert));
  });

  it('does not decrypt with a wrong password', () => {
    const result = openssl(
      ['rsa', '-in', a.key, '-passin', 'env:KEY_PASSWORD', '-noout'],
      pw('wrong password'),
    );
    expect(result.status).not.toBe(0);
  });

  it('has the header lines openssl rsa -aes256 -traditional writes', () => {
    const reference = opensslOk(
      [
        'rsa',
        '-in',
        a.key,
        '-passin',
        'env:KEY_PASSWORD',
        '-aes256',
        '-traditional',
        '-passout',
        'env:KEY_PASSWORD',
      ],
      pw(PASSWORD_A),
    );
    const ours = readFileSync(a.key, 'utf8');
    const header = (pem: string) => pem.split('\n').slice(0, 4);
    const [begin, procType, dekInfo, blank] = header(ours);
    expect([begin, procType, blank]).toEqual([
      '-----BEGIN RSA PRIVATE KEY-----',
      'Proc-Type: 4,ENCRYPTED',
      '',
    ]);
    expect(dekInfo).toMatch(/^DEK-Info: AES-256-CBC,[0-9A-F]{32}$/);
    expect(header(reference).map((line) => line.replace(/,[0-9A-F]{32}$/, ',IV'))).toEqual(
      header(ours).map((line) => line.replace(/,[0-9A-F]{32}$/, ',IV')),
    );
    expect(ours).not.toContain('\r');
    expect(ours.endsWith('-----END RSA PRIVATE KEY-----\n')).toBe(true);
  });

  it("derives the AES key with OpenSSL's EVP_BytesToKey (MD5, salt = first 8 bytes of the IV)", () => {
    const pem = readFileSync(a.key, 'utf8');
    const iv = Buffer.from(/DEK-Info: AES-256-CBC,([0-9A-F]{32})/.exec(pem)?.[1] as string, 'hex');
    const body = Buffer.from(pem.split('\n\n')[1]?.replace(/-----END[^]*$/, '') as string, 'base64');
    const password = Buffer.from(PASSWORD_A, 'utf8');
    const salt = iv.subarray(0, 8);
    const d1 = createHash('md5')
      .update(Buffer.concat([password, salt]))
      .digest();
    const d2 = createHash('md5')
      .update(Buffer.concat([d1, password, salt]))
      .digest();
    const decipher = createDecipheriv('aes-256-cbc', Buffer.concat([d1, d2]), iv);
    const der = Buffer.concat([decipher.update(body), decipher.final()]);
    const fromOpenssl = createPrivateKey(decryptPrivateKeyPem(pem, PASSWORD_A)).export({
      type: 'pkcs1',
      format: 'der',
    });
    expect(der.equals(fromOpenssl)).toBe(true);
  });

  it('is PKCS#8 as openssl pkcs8 -topk8 -v2 aes-256-cbc writes it when asked, and openssl pkey decrypts it', () => {
    const ours = readFileSync(b.key, 'utf8');
    expect(ours.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
    const modulus = opensslOk(
      ['rsa', '-in', b.key, '-passin', 'env:KEY_PASSWORD', '-noout', '-modulus'],
      pw(PASSWORD_B),
    );
    expect(modulus).toBe(x509(['-modulus'], b.cert));
    expect(opensslOk(['pkey', '-in', b.key, '-passin', 'env:KEY_PASSWORD', '-noout'], pw(PASSWORD_B))).toBe(
      '',
    );
    expect(
      openssl(['pkey', '-in', b.key, '-passin', 'env:KEY_PASSWORD', '-noout'], pw('wrong')).status,
    ).not.toBe(0);

    const reference = join(root, 'b-openssl-pkcs8.pem');
    opensslOk(
      [
        'pkcs8',
        '-topk8',
        '-v2',
        'aes-256-cbc',
        '-in',
        b.key,
        '-passin',
        'env:KEY_PASSWORD',
        '-passout',
        'env:KEY_PASSWORD',
        '-out',
        reference,
      ],
      pw(PASSWORD_B),
    );
    const shape = asn1Shape(b.key);
    expect(shape).toEqual(asn1Shape(reference));
    expect(shape.join('\n')).toMatch(
      /PBES2[\s\S]*PBKDF2[\s\S]*INTEGER\s+:0800[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/,
    );
  });
});

describe('the base64 files', () => {
  it('equal openssl base64 -in FILE byte for byte', () => {
    for (const bundle of [a, b]) {
      expect(readFileSync(bundle.certB64, 'utf8')).toBe(opensslOk(['base64', '-in', bundle.cert]));
      expect(readFileSync(bundle.keyB64, 'utf8')).toBe(opensslOk(['base64', '-in', bundle.key]));
    }
    expect(a.bundle.certPemB64).toBe(readFileSync(a.certB64, 'utf8'));
    expect(a.bundle.keyPemEncB64).toBe(readFileSync(a.keyB64, 'utf8'));
  });
});

describe('the written bundle', () => {
  it('holds exactly the four files, each 0600, in a directory created 0700', () => {
    expect(readdirSync(a.dir).sort()).toEqual(['cert.pem', 'cert.pem.b64', 'key.pem.enc', 'key.pem.enc.b64']);
    for (const file of [a.cert, a.certB64, a.key, a.keyB64]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(a.dir).mode & 0o777).toBe(0o700);
  });
});

describe('decryptPrivateKeyPem', () => {
  it('returns the key unencrypted: PKCS#1 for a traditional key, PKCS#8 for a PKCS#8 key', () => {
    expect(decryptPrivateKeyPem(a.bundle.keyPemEnc, PASSWORD_A)).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n/,
    );
    const plain = decryptPrivateKeyPem(b.bundle.keyPemEnc, PASSWORD_B);
    expect(plain).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(new X509Certificate(b.bundle.certPem).checkPrivateKey(createPrivateKey(plain))).toBe(true);
  });

  it.each([
    ['rsa -aes256 -traditional (OpenSSL 1.1 default)', ['rsa', '-aes256', '-traditional'], 'RSA PRIVATE KEY'],
    ['rsa -des3 -traditional', ['rsa', '-des3', '-traditional'], 'RSA PRIVATE KEY'],
    ['rsa -aes256 (OpenSSL 3 default: PKCS#8)', ['rsa', '-aes256'], 'PRIVATE KEY'],
    ['pkcs8 -topk8 -v2 aes-256-cbc', ['pkcs8', '-topk8', '-v2', 'aes-256-cbc'], 'PRIVATE KEY'],
  ])('reads a key written by openssl %s', (_name, command, label) => {
    const written = opensslOk(
      [...command, '-in', a.key, '-passin', 'env:KEY_PASSWORD', '-passout', 'env:KEY_PASSWORD'],
      pw(PASSWORD_A),
    );
    const plain = decryptPrivateKeyPem(written, PASSWORD_A);
    expect(plain.startsWith(`-----BEGIN ${label}-----\n`)).toBe(true);
    expect(new X509Certificate(a.bundle.certPem).checkPrivateKey(createPrivateKey(plain))).toBe(true);
  });

  it('throws a clear error without the password on a wrong password', () => {
    for (const pem of [a.bundle.keyPemEnc, b.bundle.keyPemEnc]) {
      let error: unknown;
      try {
        decryptPrivateKeyPem(pem, 'not-the-password');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(PrivateKeyDecryptError);
      expect((error as Error).message).toContain('wrong password');
      expect((error as Error).message).not.toContain('not-the-password');
    }
  });

  it('refuses an unencrypted key and text that is no key', () => {
    const plain = decryptPrivateKeyPem(a.bundle.keyPemEnc, PASSWORD_A);
    expect(() => decryptPrivateKeyPem(plain, PASSWORD_A)).toThrow(/not encrypted/);
    expect(() => decryptPrivateKeyPem('hello', PASSWORD_A)).toThrow(/not a PEM private key/);
  });
});

describe('describeCertificate', () => {
  it('describes a certificate given as PEM or as the one-line body', () => {
    const expected = {
      sha256Fingerprint: a.bundle.sha256Fingerprint,
      notBefore: a.bundle.notBefore,
      notAfter: a.bundle.notAfter,
      subject: 'CN=PureEngage SAML,O=Example',
      certificateBody: a.bundle.certificateBody,
    };
    expect(describeCertificate(a.bundle.certPem)).toEqual(expected);
    expect(describeCertificate(a.bundle.certificateBody)).toEqual(expected);
    expect(describeCertificate(b.bundle.certPem).subject).toBe('CN=Zürich SAML,O=Example AG,C=CH');
  });

  it('describes an openssl-made certificate with a non-RSA key', () => {
    const ecKey = join(root, 'ec.pem');
    const ecCert = join(root, 'ec-cert.pem');
    opensslOk(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', ecKey]);
    opensslOk([
      'req',
      '-new',
      '-x509',
      '-key',
      ecKey,
      '-days',
      '7',
      '-subj',
      '/CN=ec.example/OU=Ops',
      '-out',
      ecCert,
    ]);
    const description = describeCertificate(readFileSync(ecCert, 'utf8'));
    expect(description.subject).toBe('CN=ec.example,OU=Ops');
    expect(Date.parse(description.notAfter) - Date.parse(description.notBefore)).toBe(7 * 86_400_000);
  });

  it('rejects text that is not a certificate', () => {
    expect(() => describeCertificate('not base64 at all!')).toThrow(/PEM certificate/);
    expect(() => describeCertificate(Buffer.from('hello').toString('base64'))).toThrow(/X\.509/);
  });
});

describe('generateCertificateBundle', () => {
  it.each([
    [{ days: 0 }, 'days'],
    [{ keyBits: 1024 }, 'keyBits'],
    [{ subject: 'CN' }, 'subject'],
  ])('refuses bad options %j before generating a key', async (input, field) => {
    const options = { ...validateCertificateOptions({}), ...input };
    const error = await generateCertificateBundle(options, PASSWORD_A).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CertificateOptionsError);
    expect((error as CertificateOptionsError).field).toBe(field);
  });

  it('refuses an empty password and one openssl would truncate', async () => {
    for (const password of ['', 'x'.repeat(1025)]) {
      const error = await generateCertificateBundle(validateCertificateOptions({}), password).catch(
        (err: unknown) => err,
      );
      expect((error as CertificateOptionsError).field).toBe('password');
    }
  });
});
