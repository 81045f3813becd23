/**
 * What `hybrid handoff` reads besides the run result: the current secret files and certificate in the output
 * folder (a rotation may postdate the run), and the spec's handoff section and key password reference.
 */
import { readFile } from 'node:fs/promises';
import { clientSecretPath } from '../secrets/client-secret-file.js';
import { describeCertificate } from '../certificate/describe.js';
import type { SecretFileRecord } from '../handoff/document.js';
import type { ProvisionResult } from '../provisioning/types.js';
import { describeSecretRef } from '../secrets/secret-ref.js';
import { registerSecret } from '../secrets/redaction.js';
import type { ProvisioningSpec } from '../spec/schema.js';
import type { TransactionObjectSpec } from '../handoff/transaction-object.js';

/** The secret file of each client, by name, when this machine can read it (it is the worker's file). */
export async function readSecretFiles(result: ProvisionResult): Promise<Map<string, SecretFileRecord>> {
  const files = new Map<string, SecretFileRecord>();
  for (const client of result.oauthClients) {
    const path = clientSecretPath(result.artifactsDir, client.name);
    try {
      const record = JSON.parse(await readFile(path, 'utf8')) as { clientId?: unknown; secret?: unknown };
      if (typeof record.clientId !== 'string') continue;
      const secret = typeof record.secret === 'string' ? record.secret : undefined;
      if (secret) registerSecret(secret);
      files.set(client.name, { clientId: record.clientId, path, ...(secret ? { secret } : {}) });
    } catch {
      // Not on this machine, or no file (a client that existed before provisioning): the result stands.
    }
  }
  return files;
}

/** The certificate of the current bundle, when readable here; undefined leaves the run's own record. */
export async function readCurrentCertificate(
  result: ProvisionResult,
): Promise<{ sha256: string; notAfter: string } | undefined> {
  try {
    const d = describeCertificate(await readFile(result.certificateFiles.cert, 'utf8'));
    return { sha256: d.sha256Fingerprint, notAfter: d.notAfter };
  } catch {
    return undefined;
  }
}

export function specHandoffOptions(spec: ProvisioningSpec | undefined): {
  transactionObject?: TransactionObjectSpec;
  keyPasswordRef?: string;
} {
  if (!spec) return {};
  return {
    ...(spec.handoff?.transactionObject ? { transactionObject: spec.handoff.transactionObject } : {}),
    keyPasswordRef: describeSecretRef(spec.certificate.password),
  };
}
