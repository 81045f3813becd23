/**
 * The provisioning workflow against a real Temporal dev server and the emulator: adopting, storms, the provider's
 * fields, a shared issuer; then the key cases with reads lagging writes by 0 ms. The same cases at 2,000 ms run
 * in the provision-lag-*.test.ts files beside this one (provision-cases.ts says why).
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  addPreExistingState,
  ALL_LAG_CASES,
  asAdmin,
  describeLagCases,
  emulator,
  newOrg,
  OLD_CERTIFICATE_BODY,
  provision,
  provisionExpectingFailure,
} from './provision-cases.js';
import { testInput } from './harness.js';

describe('provisioning workflow, against the emulator and a real Temporal dev server', () => {
  it('adopts what exists, keeps the pre-existing client secret untouched, and fails with onExisting: fail', async () => {
    const org = await newOrg();
    const input = await testInput({ emulatorUrl: emulator.url, org });
    await addPreExistingState(org, input);

    const refused = await provisionExpectingFailure({ ...input, onExisting: 'fail' });
    expect(refused.cause?.message).toMatch(
      /onExisting is "fail".*OAuth client "Agent Pacing Service \(ewt\)"/,
    );

    const result = await provision(input);
    const pacing = result.oauthClients.find((c) => c.name === 'Agent Pacing Service (ewt)')!;
    expect(pacing.outcome).toBe('adopted');
    expect(pacing.secretFile).toBeUndefined();
    expect(result.identityProvider.outcome).toBe('adopted');
    expect(result.admins[0]!.outcome).toBe('adopted');
  });

  it('completes through storms of 5xx and 429 answers', async () => {
    const org = await newOrg();
    const input = await testInput({ emulatorUrl: emulator.url, org });
    await emulator.setFaults({
      seed: 42,
      rules: [
        { name: '503 storm', match: { path: '/api/v2/**' }, error: { rate: 0.12, status: 503 } },
        { name: '429 storm', match: { path: '/api/v2/**' }, rateLimit: { rate: 0.08, retryAfterSeconds: 1 } },
      ],
    });

    const result = await provision(input);
    const after = await emulator.state(org.id);

    expect(result.status).toBe('completed');
    expect(after.clients.filter((c) => c.name === 'PureEngage WDE')).toHaveLength(1);
    expect(after.identityProvider?.['issuerURI']).toBe(input.identityProvider.issuerURI);
  });

  it('turns auto-provisioning off on an adopted provider when the spec says autoProvisionUsers: false', async () => {
    const org = await newOrg();
    const base = await testInput({ emulatorUrl: emulator.url, org });
    await provision(base);
    expect((await emulator.state(org.id)).identityProvider?.['autoProvisionUsers']).toBe(true);

    const input = { ...base, identityProvider: { ...base.identityProvider, autoProvisionUsers: false } };
    const result = await provision(input);
    expect(result.identityProvider.outcome).toBe('adopted');
    expect((await emulator.state(org.id)).identityProvider?.['autoProvisionUsers']).toBe(false);
    // Once as specified, a further run finds nothing to change.
    expect((await provision(input)).identityProvider.outcome).toBe('unchanged');
  });

  it('refuses an issuer URI that another identity provider already uses, before changing anything', async () => {
    const org = await newOrg();
    const input = await testInput({ emulatorUrl: emulator.url, org });
    await asAdmin(org, 'POST', '/api/v2/identityproviders', {
      name: 'Corporate Okta',
      issuerURI: input.identityProvider.issuerURI,
      ssoTargetURI: 'https://okta.example.com/sso',
      certificate: OLD_CERTIFICATE_BODY,
    });
    const before = await emulator.state(org.id);

    const error = await provisionExpectingFailure(input);

    expect(error.cause?.message).toContain('identity provider "Corporate Okta"');
    expect(error.cause?.message).toContain('two identity providers must not share an issuer URI');
    expect(await emulator.state(org.id)).toEqual(before);
    expect(await readdir(input.outputDir)).toEqual([]);
  });
});

describeLagCases(0, ALL_LAG_CASES);
