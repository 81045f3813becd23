/**
 * Client secrets are shown by the API once (create, regenerate). They go to a 0600 file per client in the
 * run's output directory, beside the certificate bundle, and nowhere else: not to history, not to logs.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clientSecretFileName, legacyClientSecretFileName } from './client-secret-file-name.js';
import { registerSecret } from './redaction.js';

export { slug } from './client-secret-file-name.js';

export interface ClientSecretRecord {
  name: string;
  clientId: string;
  grantType: string;
  secret: string;
}

/** The client's own file: no other client name of a valid spec leads to it (secrets/client-secret-file-name.ts). */
export function clientSecretPath(outputDir: string, clientName: string): string {
  return join(outputDir, 'oauth-clients', clientSecretFileName(clientName));
}

/** Where versions before the per-client hash wrote it; shared by names with the same slug, so never trusted alone. */
function legacyClientSecretPath(outputDir: string, clientName: string): string {
  return join(outputDir, 'oauth-clients', legacyClientSecretFileName(clientName));
}

async function readRecord(path: string): Promise<ClientSecretRecord | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ClientSecretRecord;
  } catch {
    return null;
  }
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

/**
 * The stored record when it belongs to that client id, so a stale file of a deleted client is not trusted. A
 * record in the file name of earlier versions is moved to the client's own file, so it is found from then on.
 */
export async function readClientSecret(
  outputDir: string,
  clientName: string,
  clientId: string,
): Promise<ClientSecretRecord | null> {
  const belongs = (record: ClientSecretRecord | null): record is ClientSecretRecord =>
    record !== null && record.clientId === clientId && typeof record.secret === 'string';
  let record = await readRecord(clientSecretPath(outputDir, clientName));
  if (!belongs(record)) {
    const legacyPath = legacyClientSecretPath(outputDir, clientName);
    record = await readRecord(legacyPath);
    if (!belongs(record)) return null;
    record = { ...record, name: clientName };
    await writeClientSecret(outputDir, record);
    await rm(legacyPath, { force: true });
  }
  registerSecret(record.secret);
  return record;
}

/**
 * Undo of one client: removes its file only when the record in it is that client's (by exact name), so undoing
 * one client can never delete another's secret, whatever the files are called.
 */
export async function removeClientSecret(outputDir: string, clientName: string): Promise<void> {
  for (const path of [
    clientSecretPath(outputDir, clientName),
    legacyClientSecretPath(outputDir, clientName),
  ]) {
    const record = await readRecord(path);
    if (record?.name === clientName) await rm(path, { force: true });
  }
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
