import { CertificateOptionsError, describeValue } from './errors.js';
import { formatSubject, parseSubject } from './subject.js';

export { CertificateOptionsError } from './errors.js';
export { parseSubject, formatSubject, type SubjectAttribute } from './subject.js';

export interface CertificateOptions {
  /** Validity in days from now; integer > 0. */
  days: number;
  /** RSA modulus size; >= 2048 and a multiple of 1024. */
  keyBits: number;
  /** `CN=PureEngage SAML,O=Example` (also openssl's `/CN=x/O=y`); validated to the comma form. */
  subject: string;
  /** `traditional` = what `openssl rsa -aes256` wrote up to OpenSSL 1.1; `pkcs8` = OpenSSL 3's default. */
  keyFormat: 'traditional' | 'pkcs8';
}

export const DEFAULT_CERTIFICATE_OPTIONS: CertificateOptions = Object.freeze({
  days: 3652,
  keyBits: 2048,
  subject: 'CN=PureEngage SAML',
  keyFormat: 'traditional',
});

const KEY_FORMATS: readonly CertificateOptions['keyFormat'][] = ['traditional', 'pkcs8'];
/** RSA keys below 2048 bits are refused by current OpenSSL security levels and NIST SP 800-131A. */
export const MIN_KEY_BITS = 2048;
/**
 * The largest RSA key this tool makes: 4096 bits. Why not more (openssl goes to 16384): key generation grows with
 * roughly the fourth power of the size; a 16384-bit key took ~100 s on the CI machine, against the 2-minute
 * timeout of the certificate step, and three attempts made a 246 s run. 4096 bits is the largest size in common
 * use (NIST SP 800-57 Part 1 puts 3072 bits at 128-bit strength already) and generates in seconds, well inside
 * the step's 2-minute start-to-close and 30 s heartbeat timeouts (the generation runs on libuv's pool, so the
 * activity keeps beating meanwhile). `openssl req` makes 2048-bit keys by default, as does this tool.
 */
export const MAX_KEY_BITS = 4096;
/** X.509 GeneralizedTime ends at year 9999. */
const LAST_REPRESENTABLE_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);
const DAY_MS = 86_400_000;

function validateDays(days: unknown, now: number): number {
  const isWholePositive = typeof days === 'number' && Number.isInteger(days) && days > 0;
  if (!isWholePositive) {
    throw new CertificateOptionsError(
      'days',
      `--days must be a whole number of days greater than 0 (got ${describeValue(days)})`,
    );
  }
  if (now + days * DAY_MS > LAST_REPRESENTABLE_TIME) {
    throw new CertificateOptionsError(
      'days',
      `--days ${days} would end the validity after the year 9999, which X.509 cannot express; use fewer days`,
    );
  }
  return days;
}

function validateKeyBits(keyBits: unknown): number {
  const ok =
    typeof keyBits === 'number' &&
    Number.isInteger(keyBits) &&
    keyBits >= MIN_KEY_BITS &&
    keyBits <= MAX_KEY_BITS &&
    keyBits % 1024 === 0;
  if (!ok) {
    throw new CertificateOptionsError(
      'keyBits',
      `--key-bits must be a multiple of 1024 from ${MIN_KEY_BITS} to ${MAX_KEY_BITS}, e.g. 2048 or 3072 (got ${describeValue(keyBits)})`,
    );
  }
  return keyBits;
}

function validateKeyFormat(keyFormat: unknown): CertificateOptions['keyFormat'] {
  if (!KEY_FORMATS.includes(keyFormat as CertificateOptions['keyFormat'])) {
    throw new CertificateOptionsError(
      'keyFormat',
      `--key-format must be "traditional" or "pkcs8" (got ${describeValue(keyFormat)})`,
    );
  }
  return keyFormat as CertificateOptions['keyFormat'];
}

function validateSubject(subject: unknown): string {
  if (typeof subject !== 'string') {
    throw new CertificateOptionsError(
      'subject',
      `--subject must be text such as "CN=PureEngage SAML,O=Example" (got ${describeValue(subject)})`,
    );
  }
  return formatSubject(parseSubject(subject));
}

/**
 * Fills defaults and checks every option, returning options that `generateCertificateBundle`
 * accepts as they are. The subject comes back in the canonical comma form, so `/CN=x/O=y` and
 * `CN=x, O=y` compare equal afterwards. Unknown option names are refused rather than ignored, so a
 * typo (`keybits`) cannot silently fall back to a default.
 */
export function validateCertificateOptions(input: Partial<CertificateOptions>): CertificateOptions {
  const known = Object.keys(DEFAULT_CERTIFICATE_OPTIONS);
  for (const name of Object.keys(input ?? {})) {
    if (!known.includes(name)) {
      throw new CertificateOptionsError(
        name,
        `unknown certificate option "${name}"; the options are ${known.join(', ')}`,
      );
    }
  }
  const merged = { ...DEFAULT_CERTIFICATE_OPTIONS };
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  }
  return {
    days: validateDays(merged.days, Date.now()),
    keyBits: validateKeyBits(merged.keyBits),
    subject: validateSubject(merged.subject),
    keyFormat: validateKeyFormat(merged.keyFormat),
  };
}
