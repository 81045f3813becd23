/**
 * `hybrid import` round trip: build an org shape in the emulator over HTTP, run the real CLI (dist/, as a user
 * runs it), load the YAML it printed with the real spec loader, and plan it against the same org with the real
 * planning function: nothing may change. Also: what is left out is said, secrets are never written, and usage
 * errors exit 2 naming the flag before anything is read from the org.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { planProvisioning } from '../../../drift/plan.js';
import type { DriftItem } from '../../../drift/types.js';
import { toProvisionInput } from '../../../provisioning/spec-to-input.js';
import { loadSpecFile } from '../../../spec/load.js';
import type { ProvisioningSpec } from '../../../spec/schema.js';
import { resolveSpecSecrets } from '../../../spec/secrets.js';
import { startHarness, startRun, testInput, type Harness } from '../provisioning/harness.js';
import { runHybrid, type CliOutcome } from '../support/hybrid-cli.js';
import {
  addClient,
  addUser,
  grantToRole,
  makeBundle,
  newOrg,
  putProvider,
  roleId,
  type ShapedOrg,
} from './org-shapes.js';

const emulatorUrl = () => inject('emulatorUrl');
const orgs: ShapedOrg[] = [];

afterAll(async () => {
  await Promise.all(orgs.map((org) => org.close()));
});

async function shapedOrg(label: string): Promise<ShapedOrg> {
  const org = await newOrg(emulatorUrl(), label);
  orgs.push(org);
  return org;
}

function hybridImport(org: ShapedOrg, ...extra: string[]): Promise<CliOutcome> {
  return runHybrid(
    [
      'import',
      '--environment',
      emulatorUrl(),
      '--client-id',
      org.refs.clientId,
      '--client-secret',
      org.refs.clientSecret,
      '--key-password',
      org.refs.keyPassword,
      '--org',
      org.slug,
      ...extra,
    ],
    { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' },
  );
}

/** The printed YAML saved in a folder of its own (its paths must not depend on where it is saved), loaded. */
async function loadImported(yaml: string): Promise<ProvisioningSpec> {
  const path = join(await mkdtemp(join(tmpdir(), 'hybrid-imported-')), 'org.yaml');
  await writeFile(path, yaml);
  return loadSpecFile(path);
}

async function plan(spec: ProvisioningSpec): Promise<DriftItem[]> {
  return planProvisioning(toProvisionInput(spec, await resolveSpecSecrets(spec)));
}

const changed = (items: DriftItem[]) =>
  items.filter((i) => i.action !== 'none').map((i) => `${i.kind}:${i.name}:${i.action}`);

/** The hand-made org's PureEngage provider: every field the spec has, the switches opposite their defaults. */
const PROVIDER = {
  name: 'PureEngage SSO',
  issuerURI: 'urn:example:pureengage',
  ssoTargetURI: 'https://pureengage.example.com/sso',
  sloURI: 'https://pureengage.example.com/slo',
  relyingPartyIdentifier: 'urn:example:genesys',
  nameIdentifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  autoProvisionUsers: false,
  disabled: true,
};

describe('hybrid import of a hand-made org', () => {
  let org: ShapedOrg;
  let bundleDir: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    org = await shapedOrg('import-full');
    const bundle = await makeBundle(org, { subject: 'CN=PureEngage SAML,O=Hand Made', keyFormat: 'pkcs8' });
    bundleDir = bundle.dir;
    secrets.push(org.created.adminClientSecret);
    const create = async (request: Parameters<typeof addClient>[1]) => {
      const client = await addClient(org, request);
      if (client.secret) secrets.push(client.secret);
    };
    const employee = await roleId(org, 'employee');
    const supervisor = await roleId(org, 'Supervisor');
    const developer = await roleId(org, 'Developer');
    await create({
      name: 'Desktop SSO',
      authorizedGrantType: 'SAML2-BEARER',
      description: 'Workspace Desktop [hybrid-provisioner run=0a1b2c]',
      registeredRedirectUri: ['https://apps.mypurecloud.com', 'https://apps.mypurecloud.ie'],
    });
    await create({
      name: 'Web Portal',
      authorizedGrantType: 'CODE',
      registeredRedirectUri: ['https://portal.example.com/callback', 'http://portal.example.com/old'],
      scope: ['users:readonly'],
    });
    await create({
      name: 'Implicit App',
      authorizedGrantType: 'TOKEN',
      registeredRedirectUri: ['https://implicit.example.com'],
    });
    await create({ name: 'Legacy Password', authorizedGrantType: 'PASSWORD' });
    await create({
      name: 'Stat Server',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      accessTokenValiditySeconds: 3600,
      roleDivisions: [
        { roleId: employee, divisionId: org.created.homeDivisionId },
        { roleId: supervisor, divisionId: org.created.homeDivisionId },
      ],
    });
    await create({
      name: 'Reporting',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: developer, divisionId: '*' }],
    });
    await create({
      name: 'Retired Service',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      state: 'inactive',
      roleDivisions: [{ roleId: employee, divisionId: org.created.homeDivisionId }],
    });
    // The hybrid integration's journey permissions on employee, as provisioning would have granted them.
    await grantToRole(
      org,
      'employee',
      ['customer', 'event', 'visit', 'session', 'actionmap', 'actiontarget', 'segment', 'outcome'].map(
        (e) => ({
          domain: 'journey',
          entityName: e,
          actionSet: ['view'],
        }),
      ),
    );
    await addUser(org, 'Alice Admin', `alice@${org.slug}.example.com`, ['Admin']);
    await addUser(org, 'Bob Both', `bob@${org.slug}.example.com`, ['Admin', 'employee']);
    await addUser(org, 'Carol Agent', `carol@${org.slug}.example.com`, ['employee']);
    await putProvider(org, { ...PROVIDER, certificate: bundle.body });
  });

  it('writes a spec that plans to no change, with every client it can express', async () => {
    const outcome = await hybridImport(org, '--output', bundleDir, '--admins', 'all');
    expect(outcome.stderr).not.toMatch(/planning would/);
    expect(outcome.code).toBe(0);
    const spec = await loadImported(outcome.stdout);

    const items = await plan(spec);
    expect(changed(items)).toEqual([]);
    // Not trivially empty: every imported resource is planned, and left alone.
    expect(items.map((i) => `${i.kind}:${i.name}`).sort()).toEqual(
      [
        `certificate:${bundleDir}`,
        'oauth-client:Desktop SSO',
        'oauth-client:Implicit App',
        'oauth-client:Legacy Password',
        'oauth-client:Reporting',
        'oauth-client:Stat Server',
        'oauth-client:Web Portal',
        'role-permissions:employee',
        `admin:alice@${org.slug}.example.com`,
        `admin:bob@${org.slug}.example.com`,
        'identity-provider:PureEngage SSO',
      ].sort(),
    );

    expect(spec.oauthClients).toEqual([
      {
        name: 'Desktop SSO',
        grantType: 'SAML2-BEARER',
        description: 'Workspace Desktop',
        redirectUris: ['https://apps.mypurecloud.com', 'https://apps.mypurecloud.ie'],
        roles: [],
        accessTokenValiditySeconds: 86400,
      },
      {
        name: 'Implicit App',
        grantType: 'TOKEN',
        redirectUris: ['https://implicit.example.com'],
        roles: [],
        accessTokenValiditySeconds: 86400,
      },
      {
        name: 'Legacy Password',
        grantType: 'PASSWORD',
        redirectUris: [],
        roles: [],
        accessTokenValiditySeconds: 86400,
      },
      {
        name: 'Reporting',
        grantType: 'CLIENT-CREDENTIALS',
        roles: ['Developer'],
        division: '*',
        redirectUris: [],
        accessTokenValiditySeconds: 86400,
      },
      {
        name: 'Stat Server',
        grantType: 'CLIENT-CREDENTIALS',
        roles: ['employee', 'Supervisor'],
        redirectUris: [],
        accessTokenValiditySeconds: 3600,
      },
      {
        name: 'Web Portal',
        grantType: 'CODE',
        redirectUris: ['https://portal.example.com/callback'],
        roles: [],
        accessTokenValiditySeconds: 86400,
      },
    ]);
    expect(spec.identityProvider).toEqual(PROVIDER);
    expect(spec.altocloud.roles).toEqual(['employee']);
    expect(spec.admins.map((a) => [a.name, a.email, a.roles])).toEqual([
      ['Alice Admin', `alice@${org.slug}.example.com`, ['Admin']],
      ['Bob Both', `bob@${org.slug}.example.com`, ['Admin']],
    ]);
    expect(spec.certificate).toMatchObject({
      subject: 'CN=PureEngage SAML,O=Hand Made',
      keyBits: 2048,
      keyFormat: 'pkcs8',
      password: { file: org.refs.keyPassword.slice('file:'.length) },
    });
    expect(spec.output).toBe(bundleDir);
    expect(spec.credentials).toEqual({
      clientId: { file: org.refs.clientId.slice('file:'.length) },
      clientSecret: { file: org.refs.clientSecret.slice('file:'.length) },
    });
  });

  it('describes what it leaves out and the certificates, and writes no secret', async () => {
    const outcome = await hybridImport(org, '--output', bundleDir);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('# Planning this spec against the org changes nothing');
    expect(outcome.stdout).toContain(`SHA-256 ${org.fingerprint}`);
    expect(outcome.stdout).toContain('the certificate of the adopted bundle');
    expect(outcome.stdout).toContain('scopes: users:readonly');
    expect(outcome.stdout).toContain('http://portal.example.com/old');
    expect(outcome.stderr).toMatch(/OAuth client "Retired Service" \(.+\) is not imported: it is inactive/);
    expect(outcome.stdout).toMatch(/Note: OAuth client "Retired Service"/);
    expect(outcome.stdout).not.toMatch(/^admins:/m);
    for (const secret of secrets) {
      expect(outcome.stdout).not.toContain(secret);
      expect(outcome.stderr).not.toContain(secret);
    }
  });

  it('without --output, says that planning would make and upload a new certificate', async () => {
    const outcome = await hybridImport(org);
    expect(outcome.code).toBe(0);
    const spec = await loadImported(outcome.stdout);
    expect(outcome.stderr).toMatch(/planning this spec would create certificate/);
    expect(outcome.stdout).toMatch(
      /^# Planning this spec against the org would still:\n# {3}create certificate/m,
    );
    // The spec's default output folder is next to the spec: a fresh folder without a bundle.
    expect(changed(await plan(spec))).toEqual([
      `certificate:${spec.output}:create`,
      'identity-provider:PureEngage SSO:change',
    ]);
  });
});

describe('hybrid import choices and refusals', () => {
  let org: ShapedOrg;
  let bundleDir: string;

  beforeAll(async () => {
    org = await shapedOrg('import-choice');
    const bundle = await makeBundle(org, { subject: 'CN=PureEngage SAML', keyFormat: 'traditional' });
    bundleDir = bundle.dir;
    await addClient(org, {
      name: 'Desktop',
      authorizedGrantType: 'SAML2-BEARER',
      registeredRedirectUri: ['https://apps.mypurecloud.com'],
    });
    await addClient(org, {
      name: 'Old Desktop',
      authorizedGrantType: 'SAML2-BEARER',
      registeredRedirectUri: ['https://apps.mypurecloud.de'],
    });
    await addClient(org, {
      name: 'Service',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: await roleId(org, 'employee'), divisionId: org.created.homeDivisionId }],
    });
    // Only the default roles' own journey permissions (AI Agent: a subset of the default set; Supervisor:
    // reports) and a custom pair on Developer.
    await grantToRole(org, 'Developer', [
      { domain: 'journey', entityName: 'segment', actionSet: ['view', 'edit'] },
    ]);
    await addUser(org, 'Dora Admin', `dora@${org.slug}.example.com`, ['Admin']);
    await addUser(org, 'Eve Admin', `eve@${org.slug}.example.com`, ['Admin']);
    await putProvider(org, {
      issuerURI: 'http://www.genesys.com/pureengage',
      ssoTargetURI: 'http://example.com/target',
      autoProvisionUsers: true,
      certificate: bundle.body,
    });
  });

  it('refuses two SAML2-BEARER clients until --clients picks one, naming the flag', async () => {
    const refused = await hybridImport(org, '--output', bundleDir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--clients/);
    expect(refused.stdout).toBe('');

    const outcome = await hybridImport(org, '--output', bundleDir, '--clients', 'Desktop,Service');
    expect(outcome.code).toBe(0);
    const spec = await loadImported(outcome.stdout);
    expect(spec.oauthClients.map((c) => c.name)).toEqual(['Desktop', 'Service']);
    expect(changed(await plan(spec))).toEqual([]);
  });

  it('writes the admins --admins names, the largest agent journey set, and plans to no change', async () => {
    const outcome = await hybridImport(
      org,
      '--output',
      bundleDir,
      '--clients',
      'Desktop,Service',
      '--admins',
      `EVE@${org.slug}.example.com`,
    );
    expect(outcome.code).toBe(0);
    const spec = await loadImported(outcome.stdout);
    expect(spec.admins.map((a) => a.email)).toEqual([`eve@${org.slug}.example.com`]);
    expect(spec.altocloud.roles).toEqual(['AI Agent']);
    expect(spec.altocloud.permissions).toHaveLength(6);
    expect(outcome.stdout).toMatch(/Admin holds every journey permission/);
    expect(outcome.stdout).toMatch(/Developer holds only journey:segment:edit, journey:segment:view/);
    const items = await plan(spec);
    expect(changed(items)).toEqual([]);
    expect(items.filter((i) => i.kind === 'role-permissions').map((i) => i.name)).toEqual(['AI Agent']);
  });

  it('exits 2 naming the flag for bad input, and prints no spec', async () => {
    const cases: [string[], RegExp][] = [
      [['--admins', `nobody@${org.slug}.example.com`, '--clients', 'Desktop'], /^hybrid: --admins: nobody@/m],
      [
        ['--clients', 'No Such Client'],
        /^hybrid: --clients: the org has no OAuth client named "No Such Client"/m,
      ],
      [['--output', org.dir], /^hybrid: --output .* holds no certificate bundle/m],
      [['--admins', 'not-an-email'], /^hybrid: --admins must be an email address/m],
    ];
    for (const [flags, message] of cases) {
      const outcome = await hybridImport(org, ...flags);
      expect(outcome.code, flags.join(' ')).toBe(2);
      expect(outcome.stderr).toMatch(message);
      expect(outcome.stdout).toBe('');
    }
    const badEnvironment = await runHybrid(
      [
        'import',
        '--environment',
        'mypurecloud.example',
        '--client-id',
        'x',
        '--client-secret',
        'env:X',
        '--org',
        'o',
      ],
      process.env,
    );
    expect(badEnvironment.code).toBe(2);
    expect(badEnvironment.stderr).toMatch(
      /^hybrid: --environment 'mypurecloud.example' is not a known Genesys Cloud region/m,
    );
    const inlineSecret = await runHybrid(
      [
        'import',
        '--environment',
        emulatorUrl(),
        '--client-id',
        'x',
        '--client-secret',
        'hunter2',
        '--org',
        'o',
      ],
      process.env,
    );
    expect(inlineSecret.code).toBe(2);
    expect(inlineSecret.stderr).toMatch(/^hybrid: --client-secret must be a reference/m);
    expect(inlineSecret.stderr).not.toContain('hunter2');
  });
});

describe('hybrid import of an org provisioned by the workflow', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(inject('temporalAddress'), inject('temporalNamespace'));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("adopts the run's bundle named with --output: planning the imported spec changes nothing", async () => {
    const org = await shapedOrg('import-provisioned');
    const outputDir = join(org.dir, 'out');
    const input = await testInput({ emulatorUrl: emulatorUrl(), org: org.created, outputDir });
    await (await startRun(harness, input)).result();

    const outcome = await hybridImport(org, '--output', outputDir, '--admins', 'all');
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).not.toMatch(/planning would/);
    const spec = await loadImported(outcome.stdout);
    expect(changed(await plan(spec))).toEqual([]);
    expect(spec.oauthClients.map((c) => [c.name, c.grantType, c.roles])).toEqual([
      ['Agent Pacing Service (ewt)', 'CLIENT-CREDENTIALS', ['employee']],
      ['PureEngage WDE', 'SAML2-BEARER', []],
    ]);
    expect(spec.altocloud).toMatchObject({ roles: ['employee'] });
    expect(spec.admins.map((a) => a.email)).toEqual(input.admins.map((a) => a.email));
    expect(spec.identityProvider).toMatchObject(input.identityProvider);
    expect(spec.certificate.subject).toBe(input.certificate.options.subject);
  });
});
