/**
 * The PureEngage identity provider: a singleton the API upserts with PUT, and the hybrid troubleshooting
 * checklist (auto-provisioning on, issuer as configured, issuer URI unique among the org's identity
 * providers) checked against what the API answers afterwards, not against what we sent.
 */
import { describeCertificate } from '../certificate/bundle.js';
import type { PureEngageProvider } from '../purecloud/types.js';
import type {
  GenesysTarget,
  IdentityProviderWanted,
  Outcome,
  PureEngageSnapshot,
} from '../provisioning/types.js';
import { mapFailures, nonRetryable } from './failures.js';
import { genesysClientFor } from './genesys-session.js';
import { toPureEngageSnapshot } from './snapshots.js';

export interface EnsureIdentityProviderInput {
  target: GenesysTarget;
  wanted: IdentityProviderWanted;
  /** Base64 DER, one line, no BEGIN/END armour. */
  certificateBody: string;
  before: PureEngageSnapshot | null;
}

export interface EnsureIdentityProviderResult {
  issuerURI: string;
  certificateSha256: string;
  notAfter: string;
  outcome: Outcome;
}

/** Certificates compare by their DER body: armour and line breaks are presentation. */
export function certificateBodyOf(pemOrBody: string): string {
  return pemOrBody.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/**
 * The provider as the spec wants it. A PUT replaces the whole model, so fields the spec leaves out keep
 * the values an adopted provider had; its certificates are replaced by ours, the point of the step.
 */
function desiredProvider(input: EnsureIdentityProviderInput): PureEngageProvider {
  const w = input.wanted;
  const { id: _id, certificate: _certificate, certificates: _certificates, ...kept } = input.before ?? {};
  return JSON.parse(
    JSON.stringify({
      ...kept,
      name: w.name,
      issuerURI: w.issuerURI,
      ssoTargetURI: w.ssoTargetURI,
      sloURI: w.sloURI ?? kept.sloURI,
      relyingPartyIdentifier: w.relyingPartyIdentifier ?? kept.relyingPartyIdentifier,
      nameIdentifierFormat: w.nameIdentifierFormat ?? kept.nameIdentifierFormat,
      certificate: input.certificateBody,
      autoProvisionUsers: w.autoProvisionUsers,
      disabled: w.disabled,
    }),
  ) as PureEngageProvider;
}

/** The checklist, as differences between what the org has and what the spec wants; empty when all hold. */
export function identityProviderDifferences(
  actual: PureEngageSnapshot | null,
  wanted: IdentityProviderWanted,
  certificateBody: string,
): string[] {
  if (!actual) return ['the PureEngage identity provider does not exist'];
  const diffs: string[] = [];
  if (wanted.autoProvisionUsers && actual.autoProvisionUsers !== true)
    diffs.push('autoProvisionUsers is not on');
  if (actual.issuerURI !== wanted.issuerURI)
    diffs.push(`issuerURI is "${actual.issuerURI ?? ''}", not "${wanted.issuerURI}"`);
  if (actual.ssoTargetURI !== wanted.ssoTargetURI)
    diffs.push(`ssoTargetURI is "${actual.ssoTargetURI ?? ''}", not "${wanted.ssoTargetURI}"`);
  if (Boolean(actual.disabled) !== wanted.disabled) diffs.push(`disabled is ${Boolean(actual.disabled)}`);
  if (actual.name !== wanted.name) diffs.push(`name is "${actual.name ?? ''}", not "${wanted.name}"`);
  // Optional fields count only when the spec sets them: absent in the spec means "leave as it is".
  for (const field of ['sloURI', 'relyingPartyIdentifier', 'nameIdentifierFormat'] as const) {
    if (wanted[field] !== undefined && actual[field] !== wanted[field]) {
      diffs.push(`${field} is "${actual[field] ?? ''}", not "${wanted[field]}"`);
    }
  }
  const certs = [actual.certificate, ...(actual.certificates ?? [])].filter((c): c is string => Boolean(c));
  if (!certs.some((c) => certificateBodyOf(c) === certificateBody))
    diffs.push('the provisioned signing certificate is not among its certificates');
  return diffs;
}

async function ensureIdentityProviderUnmapped(
  input: EnsureIdentityProviderInput,
): Promise<EnsureIdentityProviderResult> {
  const genesys = await genesysClientFor(input.target);
  const body = certificateBodyOf(input.certificateBody);
  const cert = describeCertificate(body);
  const alreadyRight = identityProviderDifferences(input.before, input.wanted, body).length === 0;
  if (!alreadyRight)
    await genesys.identityProviders.putPureEngage(desiredProvider({ ...input, certificateBody: body }));

  // Read back and check, as the troubleshooting guide has an administrator do by hand.
  const [after, providers] = await Promise.all([
    genesys.identityProviders.getPureEngage(),
    genesys.identityProviders.list(),
  ]);
  const problems = identityProviderDifferences(
    after ? toPureEngageSnapshot(after) : null,
    input.wanted,
    body,
  );
  const sharing = providers.filter((p) => p.issuerURI === input.wanted.issuerURI && p.id !== after?.id);
  if (sharing.length > 0) {
    problems.push(`issuer URI also used by ${sharing.map((p) => `"${p.name ?? p.id}"`).join(', ')}`);
  }
  if (problems.length > 0) {
    throw nonRetryable(
      'VerificationFailed',
      `the PureEngage identity provider failed its checks: ${problems.join('; ')}`,
    );
  }
  return {
    issuerURI: input.wanted.issuerURI,
    certificateSha256: cert.sha256Fingerprint,
    notAfter: cert.notAfter,
    outcome: alreadyRight ? 'unchanged' : input.before ? 'adopted' : 'created',
  };
}

export interface RestoreIdentityProviderInput {
  target: GenesysTarget;
  before: PureEngageSnapshot | null;
}

/** Puts the provider back as the snapshot had it, or removes it when the org had none. */
async function restoreIdentityProviderUnmapped(input: RestoreIdentityProviderInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  if (!input.before) {
    await genesys.identityProviders.deletePureEngage();
    return;
  }
  const { id: _id, ...previous } = input.before;
  await genesys.identityProviders.putPureEngage(previous as PureEngageProvider);
}

export const ensureIdentityProvider = mapFailures(ensureIdentityProviderUnmapped);
export const restoreIdentityProvider = mapFailures(restoreIdentityProviderUnmapped);
