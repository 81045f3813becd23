/**
 * Client secrets are shown by the API once (create, regenerate). They go to a 0600 file per client in the
 * run's output directory, beside the certificate bundle, and nowhere else: not to history, not to logs.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClientSecretRecord {
  name: string;
  clientId: string;
  grantType: string;
  secret: string;
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'client'
  );
}

export function clientSecretPath(outputDir: string, clientName: string): string {
  return join(outputDir, 'oauth-clients', `${slug(clientName)}.secret.json`);
}

export async function writeClientSecret(outputDir: string, record: ClientSecretRecord): Promise<string> {
  const path = clientSecretPath(outputDir, record.name);
  await mkdir(join(outputDir, 'oauth-clients'), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
  return path;
}

/** The stored record when it belongs to that client id, so a stale file of a deleted client is not trusted. */
export async function readClientSecret(
  outputDir: string,
  clientName: string,
  clientId: string,
): Promise<ClientSecretRecord | null> {
  try {
    const record = JSON.parse(
      await readFile(clientSecretPath(outputDir, clientName), 'utf8'),
    ) as ClientSecretRecord;
    return record.clientId === clientId && typeof record.secret === 'string' ? record : null;
  } catch {
    return null;
  }
}

export async function removeClientSecret(outputDir: string, clientName: string): Promise<void> {
  await rm(clientSecretPath(outputDir, clientName), { force: true });
}
