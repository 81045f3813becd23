/**
 * A fingerprint of what a provisioning run was asked to do, kept in the run's memo so that a second `provision`
 * of the same org can tell whether it asks for the same thing (attach) or something else (refuse).
 *
 * The secrets are left out: the digest sits unencrypted-searchable next to the run, and a hash of a password is a
 * way to guess it. Two inputs that differ only in their secrets describe the same org and attach.
 */
import { createHash } from 'node:crypto';
import type { ProvisionInput } from '../provisioning/types.js';

export const SPEC_DIGEST_MEMO = 'specDigest';

/** JSON with object keys sorted, so that the digest does not depend on the order the spec was written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `sha256:<hex>` of the normalised input without its secrets (client secret, key password). */
export function specDigest(input: ProvisionInput): string {
  const withoutSecrets = {
    ...input,
    target: { environment: input.target.environment, clientId: input.target.clientId },
    certificate: { options: input.certificate.options },
  };
  return `sha256:${createHash('sha256').update(canonical(withoutSecrets)).digest('hex')}`;
}
