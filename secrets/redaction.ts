/**
 * Process-wide list of secret values that must never reach a log line. Code that resolves or receives a
 * secret (secret references, the Genesys client's credentials and access tokens, generated OAuth client
 * secrets) registers it here; the worker's logger replaces every registered value, and anything shaped like
 * a bearer token or a PEM private key, with `[redacted]`.
 *
 * A registry rather than per-call scrubbing because the SDK logs activity and workflow failures itself,
 * far from the code that knew which values were secret.
 */

export const REDACTED = '[redacted]';

/** Shorter values are too likely to be ordinary words; secrets and tokens are far longer. */
const MIN_LENGTH = 8;
/**
 * Bounded so that a long-running worker that sees a new access token every hour does not grow without limit;
 * the oldest values go first (by then their tokens have long expired).
 */
const MAX_VALUES = 1024;

const registered = new Set<string>();
/** Longest first, so a secret containing another secret is removed whole; rebuilt lazily on change. */
let ordered: string[] | undefined;

/** Remembers secret values for `redactSecrets`. Values shorter than 8 characters are ignored. */
export function registerSecret(...values: (string | undefined)[]): void {
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_LENGTH) continue;
    // Re-inserting moves the value to the newest end of the insertion order.
    registered.delete(value);
    registered.add(value);
    ordered = undefined;
    if (registered.size > MAX_VALUES) registered.delete(registered.values().next().value as string);
  }
}

/** Forgets every registered value (tests). */
export function clearRegisteredSecrets(): void {
  registered.clear();
  ordered = undefined;
}

export function registeredSecretCount(): number {
  return registered.size;
}

/** A whole PEM block of any private key (PKCS#1, PKCS#8, encrypted PKCS#8, EC), header to footer. */
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
/** `Bearer <token>` as in an Authorization header, and `Basic <credentials>`. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const SECRET_NAMES = 'access_token|refresh_token|client_secret|clientSecret|secret|password|assertion';
/** A secret field in a JSON body: `"password": "..."`. Prose such as `password: file x is empty` stays. */
const SECRET_JSON_FIELD = new RegExp(`"(${SECRET_NAMES})"(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** A secret field in a form body or query string: `client_secret=...`. */
const SECRET_FORM_FIELD = new RegExp(`\\b(${SECRET_NAMES})=[^&\\s"']+`, 'gi');

/** `text` with registered secrets, PEM private keys, bearer/basic credentials and secret fields replaced. */
export function redactSecrets(text: string): string {
  let result = text;
  ordered ??= [...registered].sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result
    .replace(PEM_PRIVATE_KEY, `-----BEGIN $1PRIVATE KEY----- ${REDACTED}`)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(SECRET_JSON_FIELD, `"$1"$2"${REDACTED}"`)
    .replace(SECRET_FORM_FIELD, `$1=${REDACTED}`);
}
