/**
 * A fresh emulator org and a provisioning input for it (the real spec loader), for tests that call the
 * provisioning activities directly over HTTP.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CONSISTENCY_BOUND_ENV } from '../../activities/failures.js';
import { closeGenesysClients } from '../../activities/genesys-session.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import { createGenesysClient, type GenesysClient } from '../../purecloud/index.js';
import { parseSpec } from '../../spec/load.js';

export interface ActivityOrg {
  id: string;
  input: ProvisionInput;
  /** A client acting as the org's admin client; the caller closes it. */
  genesys: GenesysClient;
}

/**
 * Org `slug`, whose admin client holds `adminClientRoles` (default Admin and employee), and a spec for it
 * with `overrides` merged into the spec's top level.
 */
export async function activityOrg(
  emulator: RunningEmulator,
  slug: string,
  overrides: Record<string, unknown> = {},
  adminClientRoles?: string[],
): Promise<ActivityOrg> {
  const org = emulator.control.createOrg({ thirdPartyOrgName: slug, adminClientRoles });
  const spec = parseSpec(
    stringify({
      org: slug,
      environment: emulator.url,
      credentials: { clientId: 'env:A_ID', clientSecret: 'env:A_SECRET' },
      oauthClients: [
        { name: 'PureEngage WDE', grantType: 'SAML2-BEARER', redirectUris: ['https://apps.mypurecloud.com'] },
        { name: 'Pacing', grantType: 'CLIENT-CREDENTIALS', roles: ['employee'] },
      ],
      certificate: { days: 30, password: 'env:A_PW' },
      identityProvider: { issuerURI: `urn:pe:${slug}`, ssoTargetURI: 'https://sso.example.com' },
      altocloud: { roles: ['employee'], permissions: ['journey:report:view'] },
      admins: [{ name: 'Jane', email: `jane@${slug}.example.com` }],
      output: await mkdtemp(join(tmpdir(), `hybrid-${slug}-out-`)),
      ...overrides,
    }),
  );
  const input = toProvisionInput(spec, {
    clientId: org.adminClientId,
    clientSecret: org.adminClientSecret,
    keyPassword: 'pw',
  });
  const genesys = createGenesysClient({
    environment: emulator.url,
    clientId: org.adminClientId,
    clientSecret: org.adminClientSecret,
  });
  return { id: org.id, input, genesys };
}

/**
 * After each test of a file that calls activities against its own emulator: lag off, the consistency bound
 * back to its default, and every Genesys client the test opened (its own and the activities' cached ones) closed.
 */
export async function resetAfterActivityTest(
  emulator: RunningEmulator,
  open: GenesysClient[],
): Promise<void> {
  emulator.control.setConsistencyLag(0);
  delete process.env[CONSISTENCY_BOUND_ENV];
  await Promise.all(open.splice(0).map((c) => c.close()));
  await closeGenesysClients();
}

/** Requests that change the org, as `METHOD path`: every Platform API write but the user search (it POSTs a query). */
export function writesIn(log: readonly { method: string; path: string }[]): string[] {
  return log
    .filter((e) => e.method !== 'GET' && e.path.startsWith('/api/v2/') && e.path !== '/api/v2/users/search')
    .map((e) => `${e.method} ${e.path}`);
}
