import { registerSecret } from '../secrets/redaction.js';

/**
 * Removes known secret values (client secrets, access tokens, SAML assertions) from text that ends up in an
 * error message. Servers echo request content in error messages often enough that the error-building code
 * scrubs every server-provided string instead of trusting it.
 *
 * Every value it learns is also registered process-wide (secrets/redaction.ts), so the worker's log lines
 * are scrubbed of it too.
 */
export class SecretScrubber {
  /** Shorter values are too likely to be ordinary words; secrets and tokens are far longer. */
  private static readonly MIN_LENGTH = 8;
  /** Tokens rotate; remembering the last few covers a message that quotes a token just replaced. */
  private static readonly MAX_TOKENS = 8;
  private readonly permanent: string[] = [];
  private readonly tokens: string[] = [];

  private static usable(value: string | undefined): value is string {
    return typeof value === 'string' && value.length >= SecretScrubber.MIN_LENGTH;
  }

  /** Secrets that stay for the client's lifetime (the client secret, its Basic credentials). */
  add(...values: (string | undefined)[]): this {
    for (const value of values) {
      if (SecretScrubber.usable(value) && !this.permanent.includes(value)) {
        this.permanent.push(value);
        registerSecret(value);
      }
    }
    return this;
  }

  /** A rotating secret (access token); only the most recent few are kept. */
  addToken(token: string | undefined): void {
    if (!SecretScrubber.usable(token) || this.tokens.includes(token)) return;
    registerSecret(token);
    this.tokens.push(token);
    if (this.tokens.length > SecretScrubber.MAX_TOKENS) this.tokens.shift();
  }

  /** A scrubber that also knows `values`, for one call (e.g. a SAML assertion), without remembering them here. */
  with(...values: (string | undefined)[]): SecretScrubber {
    const scoped = new SecretScrubber().add(...this.permanent, ...values);
    for (const token of this.tokens) scoped.addToken(token);
    return scoped;
  }

  scrub(text: string): string {
    let result = text;
    // Longest first, so a secret containing another secret is removed whole.
    const all = [...this.permanent, ...this.tokens].sort((a, b) => b.length - a.length);
    for (const secret of all) result = result.split(secret).join('[redacted]');
    return result;
  }
}
