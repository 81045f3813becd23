/**
 * Adopting a client and undoing that, over HTTP: the PUT that widens it and the PUT that restores it are
 * whole-object PUTs (SDK `OAuthClientRequest`; the emulator, like the API, resets what a PUT leaves out), so
 * every writable field the client had must come back as it was: `dateToDelete` (which the widening PUT
 * leaves out, so the client is kept), the legacy `roleIds`, description, token validity, state. And the fields the spec sets outright (description, token validity) are
 * set on an adopted client, then put back by the undo.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeGenesysClients } from '../../activities/genesys-session.js';
import { createTwinClient, inspectClientRotation } from '../../activities/client-secret-rotation.js';
import { ensureOAuthClient, undoOAuthClient } from '../../activities/oauth-client.js';
import { diffOrg } from '../../drift/diff.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { readOrgState } from '../../org-state/read-org-state.js';
import type { OAuthClient, OAuthClientRequest } from '../../purecloud/types.js';
import { provisionStepInputs } from '../../workflows/provision-steps.js';
import { activityOrg, type ActivityOrg } from './activity-org.js';
import { withEmulator } from './sdk.js';

const runMarker = '[hybrid-provisioner run=adopt-restore]';
let emulator: RunningEmulator;
let orgCount = 0;
const open: ActivityOrg[] = [];

beforeAll(async () => {
  emulator = await withEmulator({ rateLimitPerMinute: 0 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.genesys.close()));
  await closeGenesysClients();
});
afterAll(() => emulator?.close());

/** A fresh org whose admin client holds Supervisor too (a client can give only roles its creator holds). */
async function freshOrg(pacing: Record<string, unknown> = {}): Promise<ActivityOrg> {
  orgCount += 1;
  const org = await activityOrg(
    emulator,
    `adopt-${orgCount}`,
    {
      oauthClients: [
        { name: 'PureEngage WDE', grantType: 'SAML2-BEARER', redirectUris: ['https://apps.mypurecloud.com'] },
        { name: 'Pacing', grantType: 'CLIENT-CREDENTIALS', roles: ['employee'], ...pacing },
      ],
    },
    ['Admin', 'employee', 'Supervisor'],
  );
  open.push(org);
  return org;
}

/** A hand-made "Pacing" client holding employee in the home division, with `extra` fields. */
async function pacingWithEmployee(
  org: ActivityOrg,
  extra: Partial<OAuthClientRequest>,
): Promise<OAuthClient> {
  return org.genesys.oauthClients.create({
    name: 'Pacing',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    roleDivisions: [
      {
        roleId: (await org.genesys.roles.findByName('employee'))!.id,
        divisionId: (await org.genesys.authorization.homeDivision()).id,
      },
    ],
    ...extra,
  });
}

/** What a read returns, less what every write changes (modification time and author). */
function configuration(client: OAuthClient | null) {
  const { dateModified: _at, modifiedBy: _by, ...rest } = client ?? ({} as OAuthClient);
  return rest;
}

/**
 * Adopts the org's "Pacing" client with the inputs the workflow gives its step (from the preflight state), and
 * returns the undo's input.
 */
async function adopt(org: ActivityOrg) {
  const state = await readOrgState(org.genesys, org.input);
  const steps = provisionStepInputs(org.input, state, runMarker).oauthClients;
  const { ensure, undo } = steps.find((s) => s.step === 'oauth-client:Pacing')!;
  expect(await ensureOAuthClient(ensure)).toMatchObject({ outcome: 'adopted' });
  return undo;
}

describe('an adopted OAuth client', () => {
  it('keeps its legacy roleIds through the widening PUT, calls off its deletion, and the undo puts it back unchanged', async () => {
    const org = await freshOrg();
    const supervisor = (await org.genesys.roles.findByName('Supervisor'))!.id;
    // Made with the deprecated roleIds and a deletion date: fields the spec knows nothing of.
    const existing = await org.genesys.oauthClients.create({
      name: 'Pacing',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleIds: [supervisor],
      dateToDelete: '2031-01-01T00:00:00.000Z',
      description: 'pacing for the wallboards',
      accessTokenValiditySeconds: 7200,
    });
    const before = await org.genesys.oauthClients.get(existing.id);
    const plan = diffOrg(org.input, await readOrgState(org.genesys, org.input)).find(
      (i) => i.kind === 'oauth-client' && i.name === 'Pacing',
    );
    expect(plan!.details).toContain(
      'scheduled for deletion on 2031-01-01T00:00:00.000Z (dateToDelete); the update calls the deletion off',
    );

    const undo = await adopt(org);
    const widened = await org.genesys.oauthClients.get(existing.id);
    expect(widened).toMatchObject({
      description: 'pacing for the wallboards',
      accessTokenValiditySeconds: 7200,
      state: 'active',
    });
    // The spec wants the client kept: the PUT leaves its deletion date out (decisions/oauth-client.ts).
    expect(widened!.dateToDelete).toBeUndefined();
    expect(widened!.roleIds).toEqual(expect.arrayContaining([supervisor]));
    expect(widened!.roleIds).toHaveLength(2);

    await undoOAuthClient(undo);
    expect(configuration(await org.genesys.oauthClients.get(existing.id))).toEqual(configuration(before));
  });

  it('takes the description and token validity the spec sets, keeps its run marker, and gets its own back on undo', async () => {
    const org = await freshOrg({ description: 'Agent pacing', accessTokenValiditySeconds: 3600 });
    const existing = await pacingWithEmployee(org, {
      description: 'old words [hybrid-provisioner run=earlier]',
    });
    const before = await org.genesys.oauthClients.get(existing.id);
    const plan = diffOrg(org.input, await readOrgState(org.genesys, org.input)).find(
      (i) => i.kind === 'oauth-client' && i.name === 'Pacing',
    );
    expect(plan).toMatchObject({
      action: 'change',
      details: ['description is "old words", not "Agent pacing"', 'access tokens last 86400 s, not 3600 s'],
    });

    const undo = await adopt(org);
    expect(await org.genesys.oauthClients.get(existing.id)).toMatchObject({
      description: 'Agent pacing [hybrid-provisioner run=earlier]',
      accessTokenValiditySeconds: 3600,
    });
    const after = diffOrg(org.input, await readOrgState(org.genesys, org.input));
    expect(
      after.filter((i) => i.kind === 'oauth-client' && i.name === 'Pacing' && i.action !== 'none'),
    ).toEqual([]);

    await undoOAuthClient(undo);
    expect(configuration(await org.genesys.oauthClients.get(existing.id))).toEqual(configuration(before));
  });

  it("a secret rotation's twin of a client scheduled for deletion is created without the date (the spec keeps it)", async () => {
    const org = await freshOrg();
    const existing = await pacingWithEmployee(org, {
      dateToDelete: '2031-01-01T00:00:00.000Z',
    });
    const old = await inspectClientRotation({ target: org.input.target, name: 'Pacing' });
    expect(old.request.dateToDelete).toBe('2031-01-01T00:00:00.000Z');

    const twin = await createTwinClient({
      target: org.input.target,
      outputDir: org.input.outputDir,
      old,
      twinName: 'Pacing (rotated 20261201T000000Z)',
      marker: '[hybrid-provisioner rotation=twin-date]',
      timestamp: '20261201T000000Z',
    });

    expect(existing.id).not.toBe(twin.id);
    expect((await org.genesys.oauthClients.get(twin.id))?.dateToDelete).toBeUndefined();
  });
});
