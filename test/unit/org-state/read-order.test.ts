// readOrgState issues the first step of its two-step reads (the admins' search, the provisioner's own client
// record) before its one-step reads: the client keeps few connections per origin, and a first step queued behind
// one-step reads delays its second step by a whole round trip (bench:verify measured +50 ms).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readOrgState, type OrgStateQuery } from '../../../org-state/read-org-state.js';
import type { GenesysClient } from '../../../purecloud/index.js';

const outputDir = mkdtempSync(join(tmpdir(), 'read-order-'));
afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

/** A client whose every API call is recorded, in call order, and never answers (the order is all this reads). */
function recordingClient(calls: string[]): GenesysClient {
  const api = (area: string) =>
    new Proxy(
      {},
      {
        get: (_, method) => () => {
          calls.push(`${area}.${String(method)}`);
          return new Promise(() => undefined);
        },
      },
    );
  return new Proxy({ clientId: 'provisioner-client' } as object, {
    get: (target, area) =>
      area in target ? (target as Record<string, unknown>)[area as string] : api(String(area)),
  }) as GenesysClient;
}

it('asks for the admins and the provisioner client first, then the one-step reads', () => {
  const calls: string[] = [];
  const query: OrgStateQuery = {
    oauthClients: [{ name: 'PureEngage WDE', roles: ['employee'] }],
    altocloud: { roles: [], permissions: ['routing:queue:view'] },
    admins: [{ email: 'jane@example.com', roles: ['admin'] }],
    outputDir,
  };
  void readOrgState(recordingClient(calls), query);
  expect(calls.slice(0, 2)).toEqual(['users.findByEmails', 'oauthClients.get']);
  // Every other read was issued too, after them.
  expect(calls).toEqual(
    expect.arrayContaining([
      'organization.me',
      'oauthClients.list',
      'identityProviders.list',
      'roles.findByName',
    ]),
  );
});
