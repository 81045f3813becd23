/**
 * A certificate option (or the key password) that cannot be used as given. `field` is the option's
 * property name (`days`, `keyBits`, `subject`, `keyFormat`, `password`) so callers can map it to a
 * flag or a spec path; the message already names the CLI flag and says what is accepted.
 */
export class CertificateOptionsError extends Error {
  override readonly name = 'CertificateOptionsError';
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** Shows a rejected value in a message without turning `"12"` and `12` into the same text. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
