/**
 * OAuth clients: carry out what decisions/oauth-client.ts decides, and undo that.
 *
 * Creating is not idempotent in the API (every POST makes a new client), and at-least-once activities may
 * repeat a POST whose response was lost. So each client this run creates carries the run's marker in its
 * description; before creating, the activity looks for a client of that name with the marker and adopts it.
 * Clients that existed before the run (the preflight state) are adopted as they are, widened to what the
 * spec needs, and on compensation restored, never deleted.
 */
import { decideOAuthClient, needsRestore } from '../decisions/oauth-client.js';
import { toOAuthClientRequest } from '../purecloud/oauth-client-request.js';
import type { CreateOAuthClient } from '../decisions/changes.js';
import type { GenesysClient } from '../purecloud/index.js';
import { GenesysApiError } from '../purecloud/errors.js';
import type { OAuthClient } from '../purecloud/types.js';
import type {
  OAuthClientOutcome,
  OAuthClientSnapshot,
  OAuthClientWanted,
  GenesysTarget,
} from '../provisioning/types.js';
import { toClientSnapshot } from '../org-state/snapshots.js';
import { mapFailures, untilConsistent, untilFound, untilReflected } from './failures.js';
import { genesysClientFor } from './genesys-session.js';
import { currentAttempt } from './liveness.js';
import {
  clientSecretPath,
  readClientSecret,
  readClientSecretFile,
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

/**
 * Whether an earlier attempt of this step may have sent its POST: `sent` once it did, `started` while it had
 * not. Kept per worker process; an attempt this process did not see (another worker ran it) counts as sent.
 */
const createAttempts = new Map<string, 'started' | 'sent'>();

/**
 * Creates the client, or adopts the one an earlier attempt created; returns it with its secret.
 *
 * The listing shows a new client only after a while (reads lag writes, activities/failures.ts): so when an
 * earlier attempt may have sent the POST and lost its response, the listing is searched for the run's marker
 * within the consistency bound before a second client is created.
 */
async function createClient(
  genesys: GenesysClient,
  change: CreateOAuthClient,
  input: EnsureOAuthClientInput,
): Promise<{ client: OAuthClient; secret: string | undefined }> {
  const { name } = change;
  const key = `${input.runMarker}\u0000${name}`;
  const findOurs = async () =>
    (await genesys.oauthClients.list()).find((c) => createdByRun(c, name, input.runMarker));
  const mayHaveSent = currentAttempt() > 1 && createAttempts.get(key) !== 'started';
  const lost = mayHaveSent ? await untilFound(findOurs) : await findOurs();
  if (lost) {
    // Created by an earlier attempt whose response never arrived: adopt it rather than make a second one.
    const known = (await readClientSecret(input.outputDir, name, lost.id))?.secret;
    return { client: lost, secret: known ?? (await genesys.oauthClients.regenerateSecret(lost.id)).secret };
  }
  const description = [change.request.description, input.runMarker].filter(Boolean).join(' ');
  createAttempts.set(key, 'sent');
  const client = await genesys.oauthClients.create({ ...change.request, description });
  createAttempts.delete(key);
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

  const key = `${input.runMarker}\u0000${wanted.name}`;
  if (!createAttempts.has(key)) createAttempts.set(key, 'started');
  const { client, secret } = await createClient(genesys, change, input);
  if (!secret) throw new Error(`the API returned no secret for OAuth client "${wanted.name}" (${client.id})`);
  const secretFile = await writeClientSecret(outputDir, {
    name: wanted.name,
    clientId: client.id,
    grantType: wanted.grantType,
    secret,
  });
  // After the secret file (the undo's record of the client), so a crash while waiting loses nothing.
  await untilListed(genesys, client.id, true);
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
      await genesys.oauthClients.update(existing.id, toOAuthClientRequest(existing));
    }
    return;
  }
  // The listing may not show a client created a moment ago; the secret file the step wrote names it too.
  const listed = (await genesys.oauthClients.list()).filter((c) =>
    createdByRun(c, input.name, input.runMarker),
  );
  const recorded = await readClientSecretFile(clientSecretPath(input.outputDir, input.name)).catch(
    () => null,
  );
  const ids = new Set(listed.map((c) => c.id));
  if (recorded && !ids.has(recorded.clientId)) {
    // A GET by id may answer 404 just after the create: read it within the bound, and delete it only if
    // it bears this run's marker (the file could be an earlier run's, whose client is gone).
    const client = await untilConsistent(() => readOrNotFound(genesys, recorded.clientId)).catch(
      (error: unknown) => {
        if (error instanceof GenesysApiError && error.kind === 'not-found') return null;
        throw error;
      },
    );
    if (client && createdByRun(client, input.name, input.runMarker)) ids.add(client.id);
  }
  for (const id of ids) await genesys.oauthClients.delete(id);
  for (const id of ids) await untilListed(genesys, id, false);
  await removeClientSecret(input.outputDir, input.name);
}

/**
 * A step that created or deleted a client completes only once the listing the preflight decides on
 * (org-state/read-org-state.ts: every client, those not `deleted` counted) shows it, or no longer does: a run
 * started right after would otherwise create a duplicate, or adopt a client being deleted. Terraform does the
 * same: its consistency checker (genesyscloud/consistency_checker/consistency_checker.go, `CheckState`)
 * re-reads an `oauth_client` after its create until it reads back as written, and `deleteOAuthClient` waits
 * up to 30 s until the client is gone (genesyscloud/oauth_client/resource_genesyscloud_oauth_client.go).
 * Within the consistency bound; at no lag one listing.
 */
async function untilListed(genesys: GenesysClient, id: string, listed: boolean): Promise<void> {
  const shows = (clients: OAuthClient[]) => clients.some((c) => c.id === id && c.state !== 'deleted');
  await untilReflected(
    () => genesys.oauthClients.list(),
    (all) => shows(all) === listed,
    `the OAuth client listing did not ${listed ? 'show' : 'drop'} client ${id}`,
  );
}

/** The client by id, a 404 thrown rather than answered as null (for untilConsistent). */
async function readOrNotFound(genesys: GenesysClient, id: string): Promise<OAuthClient> {
  const client = await genesys.oauthClients.get(id);
  if (client) return client;
  throw new GenesysApiError({
    operation: `GET /api/v2/oauth/clients/${id}`,
    status: 404,
    code: 'not.found',
    serverMessage: 'not (yet) readable',
  });
}

export const ensureOAuthClient = mapFailures(ensureOAuthClientUnmapped);
export const undoOAuthClient = mapFailures(undoOAuthClientUnmapped);
