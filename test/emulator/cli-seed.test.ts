import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSeed } from '../../emulator/seed.js';
import { selfSignedCertificatePem } from './certificate.js';
import { login, withEmulator } from './sdk.js';

let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

const seed = {
  orgs: [
    {
      default: true,
      roles: [
        {
          name: 'Journey viewer',
          permissionPolicies: [{ domain: 'journey', entityName: '*', actionSet: ['view'] }],
        },
      ],
      users: [{ name: 'Agent One', email: 'agent.one@example.com', roles: ['employee', 'Journey viewer'] }],
      clients: [
        {
          id: 'seeded-cc',
          secret: 'seeded-cc-secret',
          name: 'Seeded',
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          roles: ['Admin'],
        },
      ],
      identityProvider: { issuerURI: 'https://gws.example.com', certificate: selfSignedCertificatePem() },
    },
    {
      name: 'Second',
      thirdPartyOrgName: 'second',
      adminClient: { id: 'second-admin', secret: 'second-admin-secret' },
    },
  ],
};

/** Starts the CLI and resolves with its start-up banner once the control-API line is printed. */
function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '--port', '0', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('control API')) resolve({ child, banner: out });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
  });
}

describe('seed file', () => {
  it('loads roles, users with grants, clients and the IdP into the default org and creates further orgs', async () => {
    const emulator = await withEmulator({ seed: parseSeed(seed) });
    try {
      const state = emulator.control.orgState(emulator.defaultOrg.id);
      expect(state?.users.map((u) => u.email)).toEqual(['agent.one@example.com']);
      expect(state?.grants).toHaveLength(2);
      expect(state?.identityProvider).toMatchObject({ issuerURI: 'https://gws.example.com' });
      const seeded = await login(emulator, 'seeded-cc', 'seeded-cc-secret');
      expect((await seeded.organization.getOrganizationsMe()).id).toBe(emulator.defaultOrg.id);
      const second = await login(emulator, 'second-admin', 'second-admin-secret');
      expect((await second.organization.getOrganizationsMe()).thirdPartyOrgName).toBe('second');
    } finally {
      await emulator.close();
    }
  });

  it('refuses a seed with an unknown permission or role, naming it', async () => {
    expect(() =>
      parseSeed({ orgs: [{ thirdPartyOrgName: 'x', users: [{ name: 'n', email: 'bad' }] }] }),
    ).toThrow(/orgs\.0\.users\.0\.email/);
    const badRole = parseSeed({
      orgs: [{ default: true, users: [{ name: 'n', email: 'n@example.com', roles: ['Nope'] }] }],
    });
    await expect(withEmulator({ seed: badRole })).rejects.toThrow(/no role named "Nope"/);
    const badPermission = parseSeed({
      orgs: [
        {
          default: true,
          roles: [
            { name: 'r', permissionPolicies: [{ domain: 'journey', entityName: 'x', actionSet: ['view'] }] },
          ],
        },
      ],
    });
    await expect(withEmulator({ seed: badPermission })).rejects.toThrow(/journey:x:view/);
  });
});

describe('CLI', () => {
  it('starts from flags and a seed file, printing a generated admin secret once', async () => {
    const seedFile = join(dir, 'seed.json');
    await writeFile(seedFile, JSON.stringify(seed));
    const { child, banner } = await startCli(
      ['--seed', seedFile, '--third-party-org-name', 'cli-org', '--rate-limit', '50'],
      {
        EMULATOR_ADMIN_CLIENT_ID: '',
        EMULATOR_ADMIN_CLIENT_SECRET: '',
      },
    );
    const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1] as string;
    const id = /admin client id: (\S+)/.exec(banner)?.[1] as string;
    const secret = /admin client secret \(generated, local only\): (\S+)/.exec(banner)?.[1] as string;
    expect(banner).toContain('default org: cli-org');
    const res = await request(`${url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const state = await request(`${url}/__emulator/orgs/second/state`);
    expect(state.statusCode).toBe(200);
    await state.body.dump();
    child.kill('SIGTERM');
  });

  it('never prints a secret that was given', async () => {
    const { child, banner } = await startCli([
      '--admin-client-id',
      'given-id',
      '--admin-client-secret',
      'given-secret-value',
    ]);
    expect(banner).toContain('admin client id: given-id');
    expect(banner).not.toContain('given-secret-value');
    child.kill('SIGTERM');
  });
});
