/**
 * OAuth clients: ensure one exists as the spec wants it, and undo that.
 *
 * Creating is not idempotent in the API (every POST makes a new client), and at-least-once activities may
 * repeat a POST whose response was lost. So each client this run creates carries the run's marker in its
 * description; before creating, the activity looks for a client of that name with the marker and adopts it.
 * Clients that existed before the run (the preflight snapshot) are adopted as they are, widened to what the
 * spec needs, and on compensation restored, never deleted.
 */
import type { OAuthClient, OAuthClientRequest, OAuthGrantType } from '../purecloud/types.js';
import { normaliseGrantType } from '../provisioning/grant-types.js';
import type {
  OAuthClientOutcome,
  OAuthClientSnapshot,
  OAuthClientWanted,
  GenesysTarget,
} from '../provisioning/types.js';
import { mapFailures } from './failures.js';
import { toClientSnapshot } from './snapshots.js';
import { genesysClientFor } from './genesys-session.js';
import {
  clientSecretPath,
  readClientSecret,
  removeClientSecret,
  writeClientSecret,
} from './client-secret-file.js';

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

function roleDivisionsOf(wanted: OAuthClientWanted, roleIds: string[], divisionId: string) {
  return wanted.grantType === 'CLIENT-CREDENTIALS'
    ? roleIds.map((roleId) => ({ roleId, divisionId }))
    : undefined;
}

export function requestFromSnapshot(s: OAuthClientSnapshot): OAuthClientRequest {
  return {
    name: s.name,
    authorizedGrantType: normaliseGrantType(s.authorizedGrantType) as OAuthGrantType,
    description: s.description,
    registeredRedirectUri: s.registeredRedirectUri,
    roleDivisions: s.roleDivisions.length > 0 ? s.roleDivisions : undefined,
    accessTokenValiditySeconds: s.accessTokenValiditySeconds,
    state: s.state === 'deleted' ? undefined : (s.state as OAuthClientRequest['state']),
  };
}

function union<T>(items: T[], more: T[], key: (t: T) => string): T[] {
  const seen = new Set(items.map(key));
  return [...items, ...more.filter((m) => !seen.has(key(m)))];
}

/** The adopted client widened to what the spec needs; what it already had is kept. */
function widened(before: OAuthClientSnapshot, input: EnsureOAuthClientInput): OAuthClientRequest {
  const request = requestFromSnapshot(before);
  request.registeredRedirectUri = union(before.registeredRedirectUri, input.wanted.redirectUris, (u) => u);
  const wantedRoles = roleDivisionsOf(input.wanted, input.roleIds, input.divisionId);
  if (wantedRoles)
    request.roleDivisions = union(before.roleDivisions, wantedRoles, (rd) => `${rd.roleId}/${rd.divisionId}`);
  request.state = 'active';
  return request;
}

function sameConfig(a: OAuthClientRequest, b: OAuthClientRequest): boolean {
  const norm = (r: OAuthClientRequest) =>
    JSON.stringify({
      uris: [...(r.registeredRedirectUri ?? [])].sort(),
      roles: (r.roleDivisions ?? []).map((rd) => `${rd.roleId}/${rd.divisionId}`).sort(),
      state: r.state ?? 'active',
    });
  return norm(a) === norm(b);
}

function createdByRun(client: OAuthClient, name: string, runMarker: string): boolean {
  return client.name === name && client.state !== 'deleted' && (client.description ?? '').includes(runMarker);
}

async function ensureOAuthClientUnmapped(input: EnsureOAuthClientInput): Promise<OAuthClientOutcome> {
  const genesys = await genesysClientFor(input.target);
  const { wanted, outputDir } = input;
  const existing = input.before[0];

  if (existing) {
    const desired = widened(existing, input);
    const unchanged = sameConfig(desired, requestFromSnapshot(existing));
    if (!unchanged) await genesys.oauthClients.update(existing.id, desired);
    const known = await readClientSecret(outputDir, wanted.name, existing.id);
    // A client that existed before the run keeps its secret: regenerating it would cut off whoever uses it.
    return {
      name: wanted.name,
      id: existing.id,
      grantType: wanted.grantType,
      outcome: unchanged ? 'unchanged' : 'adopted',
      ...(known ? { secretFile: clientSecretPath(outputDir, wanted.name) } : {}),
    };
  }

  const lost = (await genesys.oauthClients.list()).find((c) => createdByRun(c, wanted.name, input.runMarker));
  let client: OAuthClient;
  let secret: string | undefined;
  if (lost) {
    // Created by an earlier attempt whose response never arrived: adopt it rather than make a second one.
    client = lost;
    secret = (await readClientSecret(outputDir, wanted.name, lost.id))?.secret;
    if (!secret) secret = (await genesys.oauthClients.regenerateSecret(lost.id)).secret;
  } else {
    client = await genesys.oauthClients.create({
      name: wanted.name,
      authorizedGrantType: wanted.grantType,
      description: [wanted.description, input.runMarker].filter(Boolean).join(' '),
      registeredRedirectUri: wanted.redirectUris.length > 0 ? wanted.redirectUris : undefined,
      roleDivisions: roleDivisionsOf(wanted, input.roleIds, input.divisionId),
      accessTokenValiditySeconds: wanted.accessTokenValiditySeconds,
      state: 'active',
    });
    secret = client.secret;
  }
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
    const previous = requestFromSnapshot(existing);
    if (current && !sameConfig(requestFromSnapshot(toClientSnapshot(current)), previous)) {
      await genesys.oauthClients.update(existing.id, previous);
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
