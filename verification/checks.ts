/**
 * Pure verification checks: drift items, certificate expiry and the hybrid troubleshooting checklist.
 * What the identity provider must be is decided in one place, decisions/identity-provider.ts: the checklist's
 * items read the decision's differences, issuer conflict and certificate bodies rather than compare again.
 */
import { describeCertificate } from '../certificate/bundle.js';
import type { IdentityProviderWanted, OrgState } from '../provisioning/types.js';
import type { DriftItem } from '../drift/types.js';
import {
  identityProviderFieldDifferences,
  issuerConflict,
  providerCertificateBodies,
  type IdentityProviderDifference,
} from '../decisions/identity-provider.js';
import { certificateBodyOf } from '../decisions/certificate-body.js';
import type { CheckStatus, ExpiryThresholds, VerificationCheck } from './types.js';

const DAY_MS = 86_400_000;
const RANK: Record<CheckStatus, number> = { ok: 0, warn: 1, fail: 2 };

export function worstStatus(checks: readonly { status: CheckStatus }[]): CheckStatus {
  return checks.reduce<CheckStatus>((worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst), 'ok');
}

/** A resource provisioning would create or change has drifted: fail. */
export function driftCheck(item: DriftItem): VerificationCheck {
  return {
    name: `${item.kind}:${item.name}`,
    status: item.action === 'none' ? 'ok' : 'fail',
    details: item.action === 'none' ? [] : [`provisioning would ${item.action} it`, ...item.details],
  };
}

export function validateThresholds(t: ExpiryThresholds): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(t.warnDays) || !whole(t.failDays)) {
    throw new Error('expiry.warnDays and expiry.failDays must be whole numbers of days (0 or more)');
  }
  if (t.failDays > t.warnDays) {
    throw new Error(`expiry.failDays (${t.failDays}) must not exceed expiry.warnDays (${t.warnDays})`);
  }
}

/**
 * The certificate the identity provider trusts that expiry is judged on: the one matching the local bundle
 * when there is one, else the one that expires last (the provider accepts any of its certificates); or why
 * there is none.
 */
function trustedCertificate(state: OrgState): ReturnType<typeof describeCertificate> | { problem: string } {
  const published = state.pureEngage ? [...new Set(providerCertificateBodies(state.pureEngage))] : [];
  if (published.length === 0) return { problem: 'the identity provider has no certificate' };
  const described = published.flatMap((c) => {
    try {
      return [describeCertificate(c)];
    } catch {
      return [];
    }
  });
  if (described.length === 0) return { problem: "the identity provider's certificate cannot be parsed" };
  const local = state.bundle.certificateBody;
  return (
    described.find(
      (d) => local !== null && certificateBodyOf(d.certificateBody) === certificateBodyOf(local),
    ) ?? described.reduce((a, b) => (a.notAfter >= b.notAfter ? a : b))
  );
}

/** Whole days until the trusted certificate expires (negative once expired); undefined without one. */
export function certificateDaysRemaining(state: OrgState, now: Date): number | undefined {
  const cert = trustedCertificate(state);
  return 'problem' in cert ? undefined : Math.floor((Date.parse(cert.notAfter) - now.getTime()) / DAY_MS);
}

/** Expiry of the certificate the identity provider trusts (see trustedCertificate). */
export function certificateExpiryCheck(
  state: OrgState,
  thresholds: ExpiryThresholds,
  now: Date,
): VerificationCheck {
  const name = 'certificate:expiry';
  const cert = trustedCertificate(state);
  if ('problem' in cert) return { name, status: 'fail', details: [cert.problem] };
  const msLeft = Date.parse(cert.notAfter) - now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  const status: CheckStatus =
    daysLeft < thresholds.failDays ? 'fail' : daysLeft < thresholds.warnDays ? 'warn' : 'ok';
  const when =
    msLeft < 0 ? `expired ${Math.floor(-msLeft / DAY_MS)} days ago` : `expires in ${daysLeft} days`;
  return {
    name,
    status,
    details: [
      `${when} (${cert.notAfter}, SHA-256 ${cert.sha256Fingerprint.slice(0, 16)}…)`,
      ...(status === 'ok'
        ? []
        : [`rotate it: warn under ${thresholds.warnDays} days, fail under ${thresholds.failDays}`]),
    ],
  };
}

/**
 * Auto-provisioning off keeps agents new to Genesys Cloud from signing in: a failure when the spec wants it
 * on (the decision finds the switch differs); when the spec turns it off on purpose the org is as specified,
 * so the check passes with a note. On, it passes whatever the spec says (a spec that wants it off sees that
 * as drift, in the drift check).
 */
function autoProvisioningCheck(on: boolean, differs: boolean): VerificationCheck {
  const name = 'idp:auto-provisioning';
  if (on) return { name, status: 'ok', details: [] };
  const why = 'autoProvisionUsers is off: agents new to Genesys Cloud cannot sign in';
  return differs
    ? { name, status: 'fail', details: [why] }
    : {
        name,
        status: 'ok',
        details: [`${why}, as the spec sets (identityProvider.autoProvisionUsers: false)`],
      };
}

/** A checklist item that holds when `problems` is empty, each problem a detail. */
function itemCheck(name: string, problems: readonly string[]): VerificationCheck {
  return { name, status: problems.length === 0 ? 'ok' : 'fail', details: [...problems] };
}

/** The hybrid troubleshooting checklist, each item a check of its own so the report says which failed. */
export function troubleshootingChecks(state: OrgState, wanted: IdentityProviderWanted): VerificationCheck[] {
  const idp = state.pureEngage;
  if (!idp) {
    return [{ name: 'idp:exists', status: 'fail', details: ['no PureEngage identity provider'] }];
  }
  // The certificate is the expiry check's; the checklist's items are fields of the provider.
  const differences = identityProviderFieldDifferences(idp, wanted, state.bundle.certificateBody);
  const about = (field: IdentityProviderDifference['field']) =>
    differences.filter((d) => d.field === field).map((d) => d.message);
  const conflict = issuerConflict(wanted.issuerURI, state);
  return [
    autoProvisioningCheck(idp.autoProvisionUsers === true, about('autoProvisionUsers').length > 0),
    itemCheck('idp:issuer', about('issuerURI')),
    itemCheck('idp:issuer-unique', conflict ? [conflict.message] : []),
  ];
}
