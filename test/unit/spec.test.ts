import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALTOCLOUD_PERMISSIONS } from '../../spec/altocloud-permissions.js';
import { SpecError } from '../../spec/errors.js';
import { loadSpecFile, parseSpec } from '../../spec/load.js';
import type { ProvisioningSpec } from '../../spec/schema.js';
import { resolveSpecSecrets } from '../../spec/secrets.js';
import { specWarnings } from '../../spec/warnings.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examplePath = path.join(root, 'examples/demo-org.yaml');
const fixtures = path.join(root, 'test/fixtures/specs');

function refusal(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

function parseFixture(kind: 'good' | 'bad', file: string): ProvisioningSpec {
  const sourcePath = path.join(fixtures, kind, file);
  return parseSpec(readFileSync(sourcePath, 'utf8'), { sourcePath });
}

describe('the demo example', () => {
  it('parses to the normalised spec, defaults and paths filled in', async () => {
    const spec = await loadSpecFile(examplePath);
    expect(spec).toEqual({
      org: 'demo',
      environment: 'http://localhost:9100',
      credentials: { clientId: { env: 'GENESYS_CLIENT_ID' }, clientSecret: { env: 'GENESYS_CLIENT_SECRET' } },
      oauthClients: [
        {
          name: 'PureEngage WDE',
          grantType: 'SAML2-BEARER',
          description: 'Workspace Desktop Edition sign-in through SAML2 bearer',
          redirectUris: ['https://apps.mypurecloud.com'],
          roles: [],
          accessTokenValiditySeconds: 86400,
        },
        {
          name: 'Agent Pacing Service (ewt)',
          grantType: 'CLIENT-CREDENTIALS',
          redirectUris: [],
          roles: ['employee'],
        },
      ],
      certificate: {
        days: 3652,
        keyBits: 2048,
        subject: 'CN=PureEngage SAML,O=Demo',
        keyFormat: 'traditional',
        password: { env: 'HYBRID_KEY_PASSWORD' },
      },
      identityProvider: {
        name: 'PureEngage',
        issuerURI: 'http://www.genesys.com/pureengage',
        ssoTargetURI: 'http://example.com/target',
        autoProvisionUsers: true,
        disabled: false,
      },
      altocloud: { roles: ['employee'], permissions: [...ALTOCLOUD_PERMISSIONS], allowNonJourney: false },
      admins: [{ name: 'Jane Admin', email: 'jane@example.com', roles: ['Admin'], invite: true }],
      onExisting: 'adopt',
      output: path.join(root, 'examples/out/demo'),
      testUser: { email: 'agent@example.com' },
    });
  });

  it('declares its JSON Schema for editors on the first line', () => {
    const firstLine = readFileSync(examplePath, 'utf8').split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=../spec/provisioning-spec.schema.json');
  });

  it('raises no warnings', async () => {
    expect(specWarnings(await loadSpecFile(examplePath))).toEqual([]);
  });
});

describe('defaults and normalisation', () => {
  const spec = parseFixture('good', 'minimal-with-legacy-spellings.yaml');

  it('fills every default of a minimal spec', () => {
    expect(spec.certificate).toEqual({
      days: 3652,
      keyBits: 2048,
      subject: 'CN=PureEngage SAML',
      keyFormat: 'traditional',
      password: { env: 'HYBRID_KEY_PASSWORD' },
    });
    expect(spec.identityProvider).toEqual({
      name: 'PureEngage',
      issuerURI: 'urn:genesys:pureengage',
      ssoTargetURI: 'https://sso.example.com/target',
      autoProvisionUsers: true,
      disabled: false,
    });
    expect(spec.altocloud).toEqual({
      roles: ['employee'],
      permissions: [...ALTOCLOUD_PERMISSIONS],
      allowNonJourney: false,
    });
    expect(spec.admins).toEqual([]);
    expect(spec.onExisting).toBe('adopt');
    expect(spec.output).toBe(path.join(fixtures, 'good/out/minimal'));
    expect(spec.testUser).toBeUndefined();
    expect(spec.oauthClients[1]?.division).toBeUndefined();
  });

  it('normalises the legacy grant type spellings to the hyphenated ones', () => {
    expect(spec.oauthClients.map((c) => c.grantType)).toEqual(['SAML2-BEARER', 'CLIENT-CREDENTIALS']);
  });

  it('turns an SDK region key into its host', () => {
    expect(spec.environment).toBe('mypurecloud.ie');
  });

  it('keeps a URL environment without its trailing slash', () => {
    expect(parseFixture('good', 'every-field.yaml').environment).toBe('https://api.mypurecloud.de');
  });

  it('resolves output and file: secrets from the spec file folder, and keeps an inline client id', () => {
    const spec = parseFixture('good', 'every-field.yaml');
    expect(spec.output).toBe(path.join(fixtures, 'good/artifacts/full'));
    expect(spec.credentials).toEqual({
      clientId: { value: '6c1d3f0e-0000-4000-8000-000000000001' },
      clientSecret: { file: path.join(fixtures, 'good/secrets/client-secret') },
    });
    expect(spec.certificate.password).toEqual({ file: '/run/secrets/key-password' });
  });

  it('keeps every optional field it was given', () => {
    const spec = parseFixture('good', 'every-field.yaml');
    expect(spec.oauthClients.map((c) => [c.name, c.grantType, c.division])).toEqual([
      ['PureEngage WDE', 'SAML2-BEARER', undefined],
      ['Reporting', 'CLIENT-CREDENTIALS', '*'],
      ['Supervisor portal', 'CODE', undefined],
      ['Legacy tool', 'PASSWORD', undefined],
    ]);
    expect(spec.certificate.subject).toBe(
      'CN=PureEngage SAML,O=Example\\, Inc.,OU=Contact Center,L=Paris,ST=IDF,C=FR,emailAddress=pki@example.com',
    );
    expect(spec.identityProvider).toMatchObject({
      sloURI: 'https://engage.example.com/slo',
      relyingPartyIdentifier: 'urn:example:genesys',
      nameIdentifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    });
    expect(spec.altocloud.permissions).toEqual([
      'journey:customer:view',
      'journey:session:view',
      'directory:user:view',
    ]);
    expect(spec.admins[1]).toEqual({
      name: 'Sam Ops',
      email: 'sam@example.com',
      roles: ['Admin', 'Master Admin'],
      invite: true,
    });
  });

  it('warns about choices that contradict the hybrid checklist', () => {
    const warnings = specWarnings(parseFixture('good', 'every-field.yaml'));
    expect(warnings).toEqual([
      expect.stringMatching(/^identityProvider\.autoProvisionUsers: /),
      expect.stringMatching(/^identityProvider\.disabled: /),
      expect.stringMatching(/^altocloud\.permissions: .*directory:user:view/),
      expect.stringMatching(/^environment: a URL is taken as one base .* mypurecloud\.de$/),
    ]);
  });
});

describe('good fixtures', () => {
  const files = readdirSync(path.join(fixtures, 'good')).filter((f) => f.endsWith('.yaml'));

  it('has a few', () => expect(files.length).toBeGreaterThanOrEqual(2));

  it.each(files)('accepts %s', (file) => {
    expect(parseFixture('good', file).org).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('bad fixtures', () => {
  const files = readdirSync(path.join(fixtures, 'bad')).filter((f) => f.endsWith('.yaml'));
  const cases = files.map((file) => {
    const text = readFileSync(path.join(fixtures, 'bad', file), 'utf8');
    const expectation = /^# expect: (\S+): (.+)$/m.exec(text.split('\n')[0] ?? '');
    if (!expectation)
      throw new Error(`${file}: first line must be "# expect: <field path>: <message fragment>"`);
    return { file, text, field: expectation[1] as string, fragment: expectation[2] as string };
  });

  it('has at least 20', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases)('refuses $file naming $field', ({ file, text, field, fragment }) => {
    const error = refusal(() => parseSpec(text, { sourcePath: `bad/${file}` }));
    const issue = error.issues.find((i) => (i.path === '' ? '(file)' : i.path) === field);
    expect(issue, `issues were:\n${error.message}`).toBeDefined();
    expect(issue?.message).toContain(fragment);
    const prefix = field === '(file)' ? `bad/${file}` : `bad/${file}: ${field}: `;
    expect(error.message).toContain(prefix);
  });
});

describe('error messages', () => {
  const specText = readFileSync(path.join(fixtures, 'good/issue-example.yaml'), 'utf8');

  it('lists every problem as "file: path: message" lines', () => {
    const text = specText
      .replace('roles: [employee] }', 'roles: [] }')
      .replace('keyBits: 2048', 'keyBits: 1000')
      .replace('onExisting: adopt', 'onExisting: maybe');
    const error = refusal(() => parseSpec(text, { sourcePath: 'spec.yaml' }));
    expect(error.issues.map((i) => i.path)).toEqual([
      'oauthClients[1].roles',
      'certificate.keyBits',
      'onExisting',
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('spec.yaml is not a valid provisioning spec (3 problems):');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}spec\.yaml: oauthClients\[1\]\.roles: .*at least one role.*\(line 7\)$/),
      expect.stringMatching(/^ {2}spec\.yaml: certificate\.keyBits: must be at least 2048 bits \(line 8\)$/),
      expect.stringMatching(/^ {2}spec\.yaml: onExisting: must be 'adopt' or 'fail' \(line 12\)$/),
    ]);
  });

  it('gives the line and column of a YAML syntax error', () => {
    const error = refusal(() => parseSpec('org: demo\noauthClients: [a, b\n', { sourcePath: 'spec.yaml' }));
    expect(error.issues[0]).toMatchObject({ path: '', line: expect.any(Number), column: expect.any(Number) });
    expect(error.message).toMatch(/\n {2}spec\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it('never repeats an inline secret it refuses', () => {
    const secret = 'Sup3r-Secret-Value-123';
    const text = specText
      .replace('clientSecret: env:GENESYS_CLIENT_SECRET', `clientSecret: ${secret}`)
      .replace('password: env:HYBRID_KEY_PASSWORD', `password: "${secret}x"`);
    const error = refusal(() => parseSpec(text));
    expect(error.issues.map((i) => i.path)).toEqual(['credentials.clientSecret', 'certificate.password']);
    expect(error.message).toMatch(/env:.*file:/);
    expect(JSON.stringify(error.issues) + error.message).not.toContain(secret);
  });

  it('suggests the known key a typo was meant to be', () => {
    const error = refusal(() => parseSpec(specText.replace('issuerURI:', 'issuerUri:')));
    expect(error.issues).toContainEqual({
      path: 'identityProvider.issuerUri',
      message: "unknown key; did you mean 'issuerURI'?",
      line: 9,
    });
  });

  it('lists the known keys when an unknown one resembles none', () => {
    const error = refusal(() => parseSpec(`${specText}colour: blue\n`));
    expect(error.issues).toContainEqual(
      expect.objectContaining({
        path: 'colour',
        message: expect.stringContaining('the keys here are org, environment'),
      }),
    );
  });

  it('refuses a spec file that cannot be read, naming it', async () => {
    await expect(loadSpecFile('no/such/spec.yaml')).rejects.toThrow(
      /no\/such\/spec\.yaml: cannot read the spec file \(ENOENT\)/,
    );
  });
});

describe('resolveSpecSecrets', () => {
  const spec = parseSpec(readFileSync(path.join(fixtures, 'good/every-field.yaml'), 'utf8'), {
    sourcePath: path.join(fixtures, 'good/every-field.yaml'),
  });
  const envSpec = parseSpec(readFileSync(examplePath, 'utf8'), { sourcePath: examplePath });

  it('reads environment variables and files, dropping one trailing newline', async () => {
    const files: Record<string, string> = {
      [path.join(fixtures, 'good/secrets/client-secret')]: 'file-secret\n',
      '/run/secrets/key-password': 'key-pass',
    };
    const secrets = await resolveSpecSecrets(spec, {
      env: {},
      readFile: async (p) => files[p] ?? Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
    });
    expect(secrets).toEqual({
      clientId: '6c1d3f0e-0000-4000-8000-000000000001',
      clientSecret: 'file-secret',
      keyPassword: 'key-pass',
    });

    const fromEnv = await resolveSpecSecrets(envSpec, {
      env: { GENESYS_CLIENT_ID: 'id', GENESYS_CLIENT_SECRET: 'secret', HYBRID_KEY_PASSWORD: 'pw' },
    });
    expect(fromEnv).toEqual({ clientId: 'id', clientSecret: 'secret', keyPassword: 'pw' });
  });

  it('lists every missing secret in one error, with field and fix, without any value', async () => {
    const error = await resolveSpecSecrets(envSpec, {
      env: { GENESYS_CLIENT_ID: 'visible-id-value', GENESYS_CLIENT_SECRET: '   ' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const { issues, message } = error as SpecError;
    expect(issues).toEqual([
      {
        path: 'credentials.clientSecret',
        message: expect.stringMatching(/environment variable GENESYS_CLIENT_SECRET is empty; export/),
      },
      {
        path: 'certificate.password',
        message: expect.stringMatching(/environment variable HYBRID_KEY_PASSWORD is not set; export/),
      },
    ]);
    expect(message).toContain('secrets: credentials.clientSecret: ');
    expect(message).toContain('secrets: certificate.password: ');
    expect(message).not.toContain('visible-id-value');
  });

  it('names unreadable and empty files', async () => {
    const error = (await resolveSpecSecrets(spec, {
      env: {},
      readFile: async (p) =>
        p === '/run/secrets/key-password'
          ? '\n'
          : Promise.reject(Object.assign(new Error('x'), { code: 'EACCES' })),
    }).catch((e: unknown) => e)) as SpecError;
    expect(error.issues).toEqual([
      { path: 'credentials.clientSecret', message: expect.stringContaining('cannot be read (EACCES)') },
      {
        path: 'certificate.password',
        message: expect.stringContaining('/run/secrets/key-password is empty'),
      },
    ]);
  });
});
