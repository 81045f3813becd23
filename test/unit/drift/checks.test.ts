import { beforeAll, describe, expect, it } from 'vitest';
import { generateCertificateBundle } from '../../../certificate/bundle.js';
import {
  identityProviderDifferences,
  identityProviderProblems,
} from '../../../decisions/identity-provider.js';
import type { OrgState } from '../../../provisioning/types.js';
import { scheduleSpecOf } from '../../../client/verification-schedules.js';
import { expiryOf } from '../../../client/verification-runs.js';
import { UsageError } from '../../../client/usage-error.js';
import {
  certificateExpiryCheck,
  troubleshootingChecks,
  validateThresholds,
} from '../../../verification/checks.js';

const DAY = 86_400_000;
let body: string;

beforeAll(async () => {
  const bundle = await generateCertificateBundle(
    { days: 100, keyBits: 2048, subject: 'CN=Expiry Test', keyFormat: 'traditional' },
    'pw',
  );
  body = bundle.certificateBody;
});

function state(overrides: Partial<OrgState> = {}): OrgState {
  return {
    orgId: 'o',
    thirdPartyOrgName: 'acme',
    homeDivision: { id: 'h', name: 'Home' },
    permissionsNotInCatalog: [],
    roles: {},
    oauthClients: {},
    identityProviders: [{ id: 'idp', issuerURI: 'urn:acme' }],
    pureEngage: { id: 'idp', issuerURI: 'urn:acme', certificates: [body], autoProvisionUsers: true },
    users: {},
    bundle: { dir: '/out', missing: [], certificateBody: body },
    ...overrides,
  };
}

describe('certificateExpiryCheck', () => {
  const thresholds = { warnDays: 90, failDays: 30 };
  it('is ok with 100 days left, warns under 90 and fails under 30', () => {
    const now = Date.now();
    expect(certificateExpiryCheck(state(), thresholds, new Date(now)).status).toBe('ok');
    expect(certificateExpiryCheck(state(), thresholds, new Date(now + 20 * DAY)).status).toBe('warn');
    const late = certificateExpiryCheck(state(), thresholds, new Date(now + 80 * DAY));
    expect(late.status).toBe('fail');
    expect(late.details[0]).toMatch(/^expires in 1\d days/);
  });

  it('honours configured thresholds and says when the certificate already expired', () => {
    const now = Date.now();
    expect(certificateExpiryCheck(state(), { warnDays: 120, failDays: 10 }, new Date(now)).status).toBe(
      'warn',
    );
    const after = certificateExpiryCheck(state(), thresholds, new Date(now + 105 * DAY));
    expect(after.details[0]).toMatch(/^expired [45] days ago/);
  });

  it('fails when the provider has no parseable certificate', () => {
    const none = state({ pureEngage: { id: 'idp', certificates: ['bm90IGEgY2VydA=='] } });
    expect(certificateExpiryCheck(none, thresholds, new Date()).status).toBe('fail');
  });

  it('refuses thresholds where fail exceeds warn', () => {
    expect(() => validateThresholds({ warnDays: 10, failDays: 20 })).toThrow(
      /failDays \(20\) must not exceed/,
    );
  });
});

describe('troubleshootingChecks', () => {
  const wanted = {
    name: 'PureEngage',
    issuerURI: 'urn:acme',
    ssoTargetURI: 'https://x',
    autoProvisionUsers: true,
    disabled: false,
  };
  it('passes auto-provisioning, issuer and uniqueness on a well-configured provider', () => {
    expect(troubleshootingChecks(state(), wanted).map((c) => `${c.name}:${c.status}`)).toEqual([
      'idp:auto-provisioning:ok',
      'idp:issuer:ok',
      'idp:issuer-unique:ok',
    ]);
  });

  /** A provider whose issuer was changed, while another provider (Okta) took the spec's issuer. */
  const issuerMovedToOkta = (autoProvisionUsers: boolean) =>
    state({
      pureEngage: { id: 'idp', issuerURI: 'urn:other', autoProvisionUsers },
      identityProviders: [
        { id: 'idp', issuerURI: 'urn:other' },
        { id: 'okta', name: 'Okta', issuerURI: 'urn:acme' },
      ],
    });

  it('fails each item that does not hold, naming the provider that shares the issuer', () => {
    const broken = issuerMovedToOkta(false);
    const checks = troubleshootingChecks(broken, wanted);
    expect(checks.map((c) => c.status)).toEqual(['fail', 'fail', 'fail']);
    expect(checks[2]!.details).toEqual([
      expect.stringContaining('is already used by identity provider "Okta"'),
    ]);
  });

  it("says what the identity provider decision says, in the decision's words", () => {
    const broken = issuerMovedToOkta(true);
    const [, issuer, unique] = troubleshootingChecks(broken, wanted);
    expect(issuer!.details).toEqual(
      identityProviderDifferences(broken.pureEngage!, wanted, body).filter((d) => d.startsWith('issuerURI')),
    );
    expect(unique!.details).toEqual(identityProviderProblems(wanted, broken, 'adopt').map((p) => p.message));
  });
});

describe('schedule and verify flags', () => {
  it('takes exactly one of --every and --cron', () => {
    expect(scheduleSpecOf({ every: '24h' })).toEqual({ intervals: [{ every: '24h' }] });
    expect(scheduleSpecOf({ cron: '0 6 * * *' })).toEqual({ cronExpressions: ['0 6 * * *'] });
    expect(() => scheduleSpecOf({})).toThrow(UsageError);
    expect(() => scheduleSpecOf({ every: '24h', cron: '@daily' })).toThrow(/exactly one/);
    expect(() => scheduleSpecOf({ every: 'daily' })).toThrow(/--every "daily" is not an interval/);
    expect(() => scheduleSpecOf({ cron: '0 6 *' })).toThrow(/5 to 7 fields/);
  });

  it('reads the expiry thresholds from --warn-days and --fail-days', () => {
    expect(expiryOf({})).toEqual({ warnDays: 90, failDays: 30 });
    expect(expiryOf({ warnDays: '60', failDays: '7' })).toEqual({ warnDays: 60, failDays: 7 });
    expect(() => expiryOf({ warnDays: 'soon' })).toThrow(/--warn-days "soon" must be a whole number/);
    expect(() => expiryOf({ warnDays: '5', failDays: '7' })).toThrow(UsageError);
  });
});
