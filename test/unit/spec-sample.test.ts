import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../spec/load.js';
import { SAMPLE_KEY_PASSWORD, sampleSpecEnv, sampleSpecYaml } from '../../spec/sample-spec.js';
import { resolveSpecSecrets } from '../../spec/secrets.js';

const admin = { adminClientId: 'admin-id', adminClientSecret: 'admin-secret' };

describe('the sample spec of the integration tests and the bench', () => {
  it('passes the real loader with its defaults, and its references resolve in sampleSpecEnv', async () => {
    const spec = parseSpec(
      sampleSpecYaml({ org: 'acme', environment: 'http://127.0.0.1:9', output: '/tmp/out' }),
    );
    expect(spec.org).toBe('acme');
    expect(spec.output).toBe('/tmp/out');
    expect(spec.oauthClients.map((c) => [c.name, c.grantType])).toEqual([
      ['PureEngage WDE', 'SAML2-BEARER'],
      ['Agent Pacing Service (ewt)', 'CLIENT-CREDENTIALS'],
    ]);
    expect(spec.certificate.days).toBe(30);
    expect(spec.certificate.subject).toContain('O=Test');
    expect(spec.identityProvider.issuerURI).toBe('http://www.genesys.com/pureengage/acme');
    expect(spec.admins.map((a) => a.email)).toEqual(['jane@acme.example.com']);
    expect(spec.testUser).toBeUndefined();

    const secrets = await resolveSpecSecrets(spec, { env: sampleSpecEnv(admin) });
    expect(secrets).toEqual({
      clientId: 'admin-id',
      clientSecret: 'admin-secret',
      keyPassword: SAMPLE_KEY_PASSWORD,
    });
  });

  it('takes the options each suite sets: days, subject organization, test user, extra YAML, key password', async () => {
    const spec = parseSpec(
      sampleSpecYaml({
        org: 'acme',
        environment: 'http://127.0.0.1:9',
        output: '/tmp/out',
        certificateDays: 400,
        subjectOrganization: 'Scan',
        testUserEmail: 'agent@acme.example.com',
        extraYaml: 'onExisting: fail',
      }),
    );
    expect(spec.certificate.days).toBe(400);
    expect(spec.certificate.subject).toContain('O=Scan');
    expect(spec.testUser?.email).toBe('agent@acme.example.com');
    expect(spec.onExisting).toBe('fail');
    const secrets = await resolveSpecSecrets(spec, { env: sampleSpecEnv(admin, 'another password') });
    expect(secrets.keyPassword).toBe('another password');
  });
});
