/** Why an IdP-signed SAML Response was refused. */
export type SamlRejectionReason =
  | 'malformed'
  | 'unsigned'
  | 'bad-signature'
  | 'untrusted-certificate'
  | 'wrong-issuer'
  | 'expired'
  | 'not-yet-valid'
  | 'wrapped'
  | 'encrypted'
  | 'wrong-audience'
  | 'wrong-recipient';

/**
 * A SAML Response the verifier refused. `message` says why in words safe to send back to the client:
 * it holds no key material and quotes document values only in short, truncated form.
 */
export class SamlRejectedError extends Error {
  override readonly name = 'SamlRejectedError';
  constructor(
    readonly reason: SamlRejectionReason,
    message: string,
  ) {
    super(message);
  }
}

/** Quotes an attacker-controlled value for an error message without letting it flood the text. */
export function quote(value: string, max = 120): string {
  const short = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(short);
}
