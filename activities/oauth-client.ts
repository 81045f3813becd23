/**
 * OAuth clients: carry out what decisions/oauth-client.ts decides, and undo that.
 *
 * Creating is not idempotent in the API (every POST makes a new client), and at-least-once activities may
 * repeat a POST whose response was lost. So each client this run creates carries the run's marker in its
 * description; before creating, the activity looks for a client of that name with the marker and adopts it.
 * Clients that existed before the run (the preflight state) are adopted as they are, widened to what the
 * spec needs, and on compensation restored, never deleted.
 */
import { decideOAuthClient, needsRestore, requestFromSnapshot } from '../decisions/oauth-client.js';
import type { CreateOAuthClient } from '../decisions/changes.js';
import type { GenesysClient } from '../purecloud/index.js';
import type { OAuthClient } from '../purecloud/types.js';
import type {
  OAuthClientOutcome,
  OAuthClientSnapshot,
  OAuthClientWanted,
  GenesysTarget,
} from '../provisioning/types.js';
import { toClientSnapshot } from '../org-state/snapshots.js';
import { mapFailures } from './failures.js';
import { genesysClientFor } from './genesys-session.js';
import {
  clientSecretPath,
  readClientSecret,
  removeClientSecret,
  writeClientSecret,
} from '../secrets/client-secret-file.js';

export interface EnsureOAuthClientInput {
  target: GenesysTarget;
  /** Written into the description of clients this run creates: `[hybrid-provisioner run=<runId>]`. */
  runMarker: string;
  wanted: OAuthClientWanted;
  /** The clients of that name before the run (at most one; preflight refuses more). */
  before: OAuthClientSnapshot[];
  roleIds: string[];
  divisionId: string;
  outputDir: string;
}

function createdByRun(client: OAuthClient, name: string, runMarker: string): boolean {
  return client.name === name && client.state !== 'deleted' && (client.description ?? '').includes(runMarker);
}

/** Creates the client, or adopts the one an earlier attempt created; returns it with its secret. */
async function createClient(
  genesys: GenesysClient,
  change: CreateOAuthClient,
  input: EnsureOAuthClientInput,
): Promise<{ client: OAuthClient; secret: string | undefined }> {
  const { name } = change;
  const lost = (await genesys.oauthClients.list()).find((c) => createdByRun(c, name, input.runMarker));
  if (lost) {
    // Created by an earlier attempt whose response never arrived: adopt it rather than make a second one.
    const known = (await readClientSecret(input.outputDir, name, lost.id))?.secret;
    return { client: lost, secret: known ?? (await genesys.oauthClients.regenerateSecret(lost.id)).secret };
  }
  const description = [change.request.description, input.runMarker].filter(Boolean).join(' ');
  const client = await genesys.oauthClients.create({ ...change.request, description });
  return { client, secret: client.secret };
}

async function ensureOAuthClientUnmapped(input: EnsureOAuthClientInput): Promise<OAuthClientOutcome> {
  const genesys = await genesysClientFor(input.target);
  const { wanted, outputDir } = input;
  const [change] = decideOAuthClient(wanted, input.before, input);

  if (change?.action !== 'create') {
    const existing = input.before[0]!;
    if (change) await genesys.oauthClients.update(change.id, change.request);
    const known = await readClientSecret(outputDir, wanted.name, existing.id);
    // A client that existed before the run keeps its secret: regenerating it would cut off whoever uses it.
    return {
      name: wanted.name,
      id: existing.id,
      grantType: wanted.grantType,
      outcome: change ? 'adopted' : 'unchanged',
      ...(known ? { secretFile: clientSecretPath(outputDir, wanted.name) } : {}),
    };
  }

  const { client, secret } = await createClient(genesys, change, input);
  if (!secret) throw new Error(`the API returned no secret for OAuth client "${wanted.name}" (${client.id})`);
  const secretFile = await writeClientSecret(outputDir, {
    name: wanted.name,
    clientId: client.id,
    grantType: wanted.grantType,
    secret,
  });
  return { name: wanted.name, id: client.id, grantType: wanted.grantType, outcome: 'created', secretFile };
}

export interface UndoOAuthClientInput {
  target: GenesysTarget;
  runMarker: string;
  name: string;
  before: OAuthClientSnapshot[];
  outputDir: string;
}

/**
 * Safe whether or not the step ran: deletes only clients bearing this run's marker, and puts a client that
 * existed before back to its snapshot.
 */
async function undoOAuthClientUnmapped(input: UndoOAuthClientInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  const existing = input.before[0];
  if (existing) {
    const current = await genesys.oauthClients.get(existing.id);
    if (current && needsRestore(existing, toClientSnapshot(current))) {
      await genesys.oauthClients.update(existing.id, requestFromSnapshot(existing));
    }
    return;
  }
  const ours = (await genesys.oauthClients.list()).filter((c) =>
    createdByRun(c, input.name, input.runMarker),
  );
  for (const client of ours) await genesys.oauthClients.delete(client.id);
  await removeClientSecret(input.outputDir, input.name);
}

export const ensureOAuthClient = mapFailures(ensureOAuthClientUnmapped);
export const undoOAuthClient = mapFailures(undoOAuthClientUnmapped);
