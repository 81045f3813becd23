/**
 * Client secrets are shown by the API once (create, regenerate). They go to a 0600 file per client in the
 * run's output directory, beside the certificate bundle, and nowhere else: not to history, not to logs.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerSecret } from './redaction.js';

export interface ClientSecretRecord {
  name: string;
  clientId: string;
  grantType: string;
  secret: string;
}

/** The file-name form of a client name (also the `{client}` of the handoff's Transaction object options). */
export function slug(name: string): string {
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
  registerSecret(record.secret);
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
    if (record.clientId !== clientId || typeof record.secret !== 'string') return null;
    registerSecret(record.secret);
    return record;
  } catch {
    return null;
  }
}

export async function removeClientSecret(outputDir: string, clientName: string): Promise<void> {
  await rm(clientSecretPath(outputDir, clientName), { force: true });
}

/** A client secret file could not be read back (missing, unreadable or not a record); never holds the secret. */
export class ClientSecretFileError extends Error {
  override readonly name = 'ClientSecretFileError';
}

/** The record in a secret file written by `writeClientSecret`, for `--show-secrets`. */
export async function readClientSecretFile(path: string): Promise<ClientSecretRecord> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ClientSecretFileError(
      `cannot read the client secret file ${path} (${code}); it is written on the worker's machine, ` +
        'so run this command there or copy the file',
    );
  }
  let record: Partial<ClientSecretRecord> | undefined;
  try {
    record = JSON.parse(text) as Partial<ClientSecretRecord>;
  } catch {
    record = undefined;
  }
  if (!record || typeof record.secret !== 'string' || typeof record.clientId !== 'string') {
    // Not echoing the content: a hand-edited file may hold the secret in some other shape.
    throw new ClientSecretFileError(
      `client secret file ${path} is not a JSON record with "clientId" and "secret"; re-run the provisioning`,
    );
  }
  return record as ClientSecretRecord;
}
