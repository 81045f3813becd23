/**
 * The activities of a client-secret rotation (workflows/rotate-client-secret.ts). Each is idempotent:
 * - the twin client carries the run's marker in its description until it takes over the name, so a create whose
 *   response was lost is adopted, and compensation finds it;
 * - the client's secret file moves aside once (to `retiredSecretPath`) before the new secret is written, and
 *   compensation moves it back.
 * Deleting needs the client inactive first (`cannot.delete.client`, reference §3.1): purecloud's delete does that.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OAuthClient, OAuthClientRequest } from '../purecloud/types.js';
import { toOAuthClientRequest } from '../purecloud/oauth-client-request.js';
import type { ClientRotationSnapshot } from '../provisioning/client-secret-rotation-types.js';
import type { GenesysTarget } from '../provisioning/types.js';
import { clientSecretPath, writeClientSecret } from '../secrets/client-secret-file.js';
import { clientSecretFileName } from '../secrets/client-secret-file-name.js';
import { mapFailures, nonRetryable } from './failures.js';
import { genesysClientFor } from './genesys-session.js';

/**
 * `<output>/oauth-clients/retired/<slug>-<hash>.<timestamp>.secret.json`: where the old secret waits for
 * compensation; named like the client's own file (secrets/client-secret-file-name.ts), so no two clients share it.
 */
function retiredSecretPath(outputDir: string, name: string, timestamp: string): string {
  const file = clientSecretFileName(name).replace(/\.secret\.json$/, `.${timestamp}.secret.json`);
  return join(outputDir, 'oauth-clients', 'retired', file);
}

async function fileClientId(path: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(path, 'utf8')) as { clientId?: string }).clientId;
  } catch {
    return undefined;
  }
}

/** Moves the secret file of the old client aside, once; a retry finds it already moved. */
async function retireSecretFile(outputDir: string, name: string, oldId: string, timestamp: string) {
  const retiredPath = retiredSecretPath(outputDir, name, timestamp);
  const path = clientSecretPath(outputDir, name);
  if ((await fileClientId(path)) !== oldId) return;
  await mkdir(dirname(retiredPath), { recursive: true, mode: 0o700 });
  await rename(path, retiredPath);
}

async function inspectClientRotationUnmapped(input: {
  target: GenesysTarget;
  name: string;
}): Promise<ClientRotationSnapshot> {
  const genesys = await genesysClientFor(input.target);
  const named = (await genesys.oauthClients.list()).filter(
    (c) => c.name === input.name && c.state !== 'deleted',
  );
  if (named.length !== 1) {
    throw nonRetryable(
      'InvalidInput',
      named.length === 0
        ? `--client: the org has no OAuth client named "${input.name}"; name a client of the spec's oauthClients`
        : `--client: the org has ${named.length} OAuth clients named "${input.name}"; delete the extra ones first`,
    );
  }
  const client = named[0]!;
  return {
    id: client.id,
    request: toOAuthClientRequest(client),
    state: (client.state ?? 'active') as ClientRotationSnapshot['state'],
  };
}

export interface TwinInput {
  target: GenesysTarget;
  outputDir: string;
  old: ClientRotationSnapshot;
  twinName: string;
  /** `[hybrid-provisioner rotation=<runId>]`. */
  marker: string;
  /** The rotation's UTC timestamp: names the retired secret file. */
  timestamp: string;
}

const isTwin = (c: OAuthClient, input: Pick<TwinInput, 'marker'>) =>
  c.state !== 'deleted' && (c.description ?? '').includes(input.marker);

async function createTwinClientUnmapped(input: TwinInput): Promise<{ id: string; secretFile: string }> {
  const genesys = await genesysClientFor(input.target);
  const { old, outputDir } = input;
  const secretPath = clientSecretPath(outputDir, old.request.name);
  const lost = (await genesys.oauthClients.list()).find((c) => isTwin(c, input));
  let twin: OAuthClient;
  let secret: string | undefined;
  if (lost) {
    twin = lost;
    if ((await fileClientId(secretPath)) === lost.id) return { id: lost.id, secretFile: secretPath };
    secret = (await genesys.oauthClients.regenerateSecret(lost.id)).secret;
  } else {
    // Without a deletion date: the client the twin replaces is one the spec wants kept (decisions/oauth-client.ts
    // `scheduledDeletion`), and the twin takes its name.
    const { dateToDelete: _scheduled, ...kept } = old.request;
    twin = await genesys.oauthClients.create({
      ...kept,
      name: input.twinName,
      description: [old.request.description, input.marker].filter(Boolean).join(' '),
      state: 'active',
    });
    secret = twin.secret;
  }
  if (!secret) throw new Error(`the API returned no secret for the new OAuth client ${twin.id}`);
  await retireSecretFile(outputDir, old.request.name, old.id, input.timestamp);
  const secretFile = await writeClientSecret(outputDir, {
    name: old.request.name,
    clientId: twin.id,
    grantType: old.request.authorizedGrantType,
    secret,
  });
  return { id: twin.id, secretFile };
}

/** Compensation: the twin deleted, the old client's secret file back in place. Safe whether or not it ran. */
async function removeTwinClientUnmapped(input: TwinInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  const twins = (await genesys.oauthClients.list()).filter((c) => isTwin(c, input));
  const old = await genesys.oauthClients.get(input.old.id);
  if (!old || old.state === 'deleted') {
    // The old client is already deleted (delete-old ran, its answer was lost): the twin is now the only client,
    // so it keeps the spec's name and its secret file instead of being deleted, which would cut everyone off.
    for (const twin of twins) {
      await genesys.oauthClients.update(twin.id, {
        ...toOAuthClientRequest(twin),
        state: 'active',
        name: input.old.request.name,
        description: input.old.request.description,
      });
    }
    throw nonRetryable(
      'VerificationFailed',
      `the old client ${input.old.id} is already deleted, so the new client stays as "${input.old.request.name}" ` +
        `with its secret in ${clientSecretPath(input.outputDir, input.old.request.name)}`,
    );
  }
  for (const twin of twins) await genesys.oauthClients.delete(twin.id);
  const path = clientSecretPath(input.outputDir, input.old.request.name);
  const retired = retiredSecretPath(input.outputDir, input.old.request.name, input.timestamp);
  if ((await fileClientId(retired)) === input.old.id) {
    await rename(retired, path);
  } else if ((await fileClientId(path)) !== input.old.id) {
    await rm(path, { force: true });
  }
}

/** Sets a client's state (and, when given, its name and description), every other field as the API has it. */
async function updateClientUnmapped(input: {
  target: GenesysTarget;
  id: string;
  changes: Partial<Pick<OAuthClientRequest, 'state' | 'name' | 'description'>>;
}): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  const current = await genesys.oauthClients.get(input.id);
  if (!current || current.state === 'deleted') {
    throw nonRetryable('GenesysNotFound', `OAuth client ${input.id} no longer exists`);
  }
  await genesys.oauthClients.update(input.id, {
    ...toOAuthClientRequest(current),
    state: (current.state ?? 'active') as OAuthClientRequest['state'],
    ...input.changes,
  });
}

async function deleteClientUnmapped(input: { target: GenesysTarget; id: string }): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  await genesys.oauthClients.delete(input.id);
}

/** Requests the client made within `interval` (ISO-8601 `start/end`), from the usage query and its results. */
async function readClientUsageUnmapped(input: {
  target: GenesysTarget;
  clientId: string;
  interval: string;
}): Promise<{ requests: number; complete: boolean }> {
  const genesys = await genesysClientFor(input.target);
  const { executionId } = await genesys.oauthClientUsage.query(input.clientId, { interval: input.interval });
  if (!executionId) return { requests: 0, complete: false };
  const result = await genesys.oauthClientUsage.results(input.clientId, executionId);
  const requests = (result.results ?? []).reduce((sum, row) => sum + (row.requests ?? 0), 0);
  // Status values are unconfirmed (emulator/README.md): only a completed query may end the grace period early.
  return { requests, complete: (result.queryStatus ?? '').toLowerCase() === 'complete' };
}

/** In place: a new secret for the same client; the old one stops working at once. */
async function regenerateClientSecretUnmapped(input: {
  target: GenesysTarget;
  outputDir: string;
  old: ClientRotationSnapshot;
  timestamp: string;
}): Promise<{ id: string; secretFile: string }> {
  const genesys = await genesysClientFor(input.target);
  const { secret } = await genesys.oauthClients.regenerateSecret(input.old.id);
  if (!secret) throw new Error(`the API returned no secret for OAuth client ${input.old.id}`);
  await retireSecretFile(input.outputDir, input.old.request.name, input.old.id, input.timestamp);
  const secretFile = await writeClientSecret(input.outputDir, {
    name: input.old.request.name,
    clientId: input.old.id,
    grantType: input.old.request.authorizedGrantType,
    secret,
  });
  return { id: input.old.id, secretFile };
}

export const inspectClientRotation = mapFailures(inspectClientRotationUnmapped);
export const createTwinClient = mapFailures(createTwinClientUnmapped);
export const removeTwinClient = mapFailures(removeTwinClientUnmapped);
export const updateRotatedClient = mapFailures(updateClientUnmapped);
export const deleteRotatedClient = mapFailures(deleteClientUnmapped);
export const readClientUsage = mapFailures(readClientUsageUnmapped);
export const regenerateClientSecret = mapFailures(regenerateClientSecretUnmapped);
