/**
 * The file name of an OAuth client's secret: one rule, used where the file is written, read and removed
 * (secrets/client-secret-file.ts) and where the spec refuses names that would share a file (spec/oauth-clients.ts).
 *
 * A readable slug alone is not unique: "Svc A" and "svc-a" both slug to `svc-a`, and any two names without
 * Latin letters or digits slug to nothing. So the slug is followed by a short hash of the exact name, which
 * differs for every two names the spec allows.
 */
import { createHash } from 'node:crypto';

/** The file-name form of a client name (also the `{client}` of the handoff's Transaction object options). */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'client'
  );
}

/** `agent-pacing-service-1a2b3c4d.secret.json`: the slug for people, 8 hex digits of SHA-256 for uniqueness. */
export function clientSecretFileName(clientName: string): string {
  const hash = createHash('sha256').update(clientName, 'utf8').digest('hex').slice(0, 8);
  // At most 60 characters of slug, so a long name still makes a file name well under NAME_MAX (255 bytes).
  return `${slug(clientName).slice(0, 60).replace(/-$/, '')}-${hash}.secret.json`;
}

/** The name before the hash was added: read once so secrets written by earlier versions are still found. */
export function legacyClientSecretFileName(clientName: string): string {
  return `${slug(clientName)}.secret.json`;
}
