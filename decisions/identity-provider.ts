/**
 * The PureEngage identity provider: one rule for what the org must change, and the whole body to PUT.
 *
 * Every field the spec sets is what is wanted, both ways: `autoProvisionUsers: false` in the spec turns
 * auto-provisioning off just as `true` turns it on. Optional fields the spec leaves out (`sloURI`,
 * `relyingPartyIdentifier`, `nameIdentifierFormat`) keep what the org has, as does every field the spec
 * does not know (providerBody). The certificate counts as right when it is among the provider's certificates.
 */
import type {
  IdentityProviderWanted,
  OnExisting,
  OrgState,
  PureEngageSnapshot,
} from '../provisioning/types.js';
import type { PureEngageProvider } from '../purecloud/types.js';
import { certificateBodyOf } from './certificate-body.js';
import type { Problem, PutIdentityProvider } from './changes.js';

const REQUIRED_FIELDS = ['name', 'issuerURI', 'ssoTargetURI'] as const;
const OPTIONAL_FIELDS = ['sloURI', 'relyingPartyIdentifier', 'nameIdentifierFormat'] as const;
const SWITCHES = ['autoProvisionUsers', 'disabled'] as const;

/** Every certificate the provider trusts, as bare base64 DER bodies. */
export function providerCertificateBodies(
  provider: Pick<PureEngageSnapshot, 'certificate' | 'certificates'>,
) {
  return [provider.certificate, ...(provider.certificates ?? [])]
    .filter((c): c is string => Boolean(c))
    .map(certificateBodyOf);
}

/** One difference between the provider and the spec: the field, and a line that says how it differs. */
export interface IdentityProviderDifference {
  field:
    | (typeof REQUIRED_FIELDS)[number]
    | (typeof OPTIONAL_FIELDS)[number]
    | (typeof SWITCHES)[number]
    | 'certificate';
  message: string;
}

/**
 * The differences between the provider and the spec, by field; empty when nothing must change. Verification's
 * checklist (verification/checks.ts) reads its issuer and auto-provisioning items from these too.
 * `certificateBody` null: the certificate is yet to be generated, so it will have to be uploaded.
 */
export function identityProviderFieldDifferences(
  actual: PureEngageSnapshot,
  wanted: IdentityProviderWanted,
  certificateBody: string | null,
): IdentityProviderDifference[] {
  const diffs: IdentityProviderDifference[] = [];
  for (const field of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) {
    const want = wanted[field];
    if (want !== undefined && actual[field] !== want)
      diffs.push({ field, message: `${field} is "${actual[field] ?? ''}", not "${want}"` });
  }
  for (const field of SWITCHES) {
    if (Boolean(actual[field]) !== wanted[field])
      diffs.push({ field, message: `${field} is ${Boolean(actual[field])}, not ${wanted[field]}` });
  }
  const certificate = (message: string) => diffs.push({ field: 'certificate', message });
  if (certificateBody === null)
    certificate('the certificate is yet to be generated: provisioning would upload the new one');
  else if (!trustsCertificate(actual, certificateBody))
    certificate('its certificates do not include the provisioned signing certificate');
  return diffs;
}

/** The differences between the provider and the spec, one line each (see identityProviderFieldDifferences). */
export function identityProviderDifferences(
  actual: PureEngageSnapshot,
  wanted: IdentityProviderWanted,
  certificateBody: string | null,
): string[] {
  return identityProviderFieldDifferences(actual, wanted, certificateBody).map((d) => d.message);
}

/** Whether the provider trusts this certificate (PEM or bare body): it is among its certificates. */
function trustsCertificate(
  provider: Pick<PureEngageSnapshot, 'certificate' | 'certificates'>,
  certificate: string,
): boolean {
  return providerCertificateBodies(provider).includes(certificateBodyOf(certificate));
}

/** The API's limit: one certificate plus four backups (SDK-DTS `PureEngage.certificates`; reference §8). */
export const MAX_TRUSTED_CERTIFICATES = 5;

/**
 * The one read-modify-write rule for every PUT of the PureEngage provider: provisioning's ensure and
 * restore (activities/identity-provider.ts) and rotation's (activities/rotation-provider.ts). The API replaces
 * the whole model (SDK-DTS `PureEngage`; reference §12), so the body is the provider as it is now with
 * `changes` applied: every field the API returned and the step does not set (`sloURI`, `sloBinding`,
 * `ssoBinding`, `displayOnLogin`, `signAuthnRequests`, `forceAuthn`, `providerName`, `metadataURL`,
 * `logoImageData`, `certificates`, ...) goes back as it was. A change given as undefined clears the field.
 * Read-only `id` and `selfUri` are not sent.
 */
export function providerBody(
  current: PureEngageProvider | PureEngageSnapshot | null,
  changes: Partial<PureEngageProvider>,
): PureEngageProvider {
  const { id: _id, selfUri: _selfUri, ...kept } = (current ?? {}) as PureEngageProvider;
  return JSON.parse(JSON.stringify({ ...kept, ...changes })) as PureEngageProvider;
}

/**
 * What provisioning changes on the provider: the spec's fields, the optional ones only when the spec sets
 * them, and its certificate. Certificates are only ever added: when the provider does not trust ours yet, ours
 * becomes the primary and every certificate it trusted stays trusted (taking one away is rotation's purpose,
 * not provisioning's: a run during a rotation must not drop the new certificate). `certificateBody` null: the
 * certificate is yet to be generated (plan), so no certificate change is shown in the body.
 */
export function identityProviderChanges(
  wanted: IdentityProviderWanted,
  actual: PureEngageSnapshot | null,
  certificateBody: string | null,
): Partial<PureEngageProvider> {
  const changes: Partial<PureEngageProvider> = {
    name: wanted.name,
    issuerURI: wanted.issuerURI,
    ssoTargetURI: wanted.ssoTargetURI,
    autoProvisionUsers: wanted.autoProvisionUsers,
    disabled: wanted.disabled,
  };
  for (const field of OPTIONAL_FIELDS) if (wanted[field] !== undefined) changes[field] = wanted[field];
  if (certificateBody === null) return changes;
  const ours = certificateBodyOf(certificateBody);
  const trusted = actual ? [...new Set(providerCertificateBodies(actual))] : [];
  if (!trusted.includes(ours)) {
    changes.certificate = ours;
    changes.certificates = [ours, ...trusted];
  }
  return changes;
}

/** The whole body provisioning PUTs: the provider as it is, with the spec's changes (see providerBody). */
export function identityProviderBody(
  wanted: IdentityProviderWanted,
  actual: PureEngageSnapshot | null,
  certificateBody: string | null,
): PureEngageProvider {
  return providerBody(actual, identityProviderChanges(wanted, actual, certificateBody));
}

/** The fields provisioning sets (identityProviderChanges): what its undo puts back as they were. */
const PROVISIONED_FIELDS = [
  ...REQUIRED_FIELDS,
  ...OPTIONAL_FIELDS,
  ...SWITCHES,
  'certificate',
  'certificates',
] as const;

/**
 * Provisioning's undo: the fields it sets back to what the snapshot had (absent ones cleared), every other
 * field as the provider has it now.
 */
export function restoredProviderBody(
  before: PureEngageSnapshot,
  current: PureEngageProvider | null,
): PureEngageProvider {
  const changes: Partial<PureEngageProvider> = {};
  for (const field of PROVISIONED_FIELDS) (changes as Record<string, unknown>)[field] = before[field];
  return providerBody(current ?? before, changes);
}

export function decideIdentityProvider(
  wanted: IdentityProviderWanted,
  actual: PureEngageSnapshot | null,
  certificateBody: string | null,
): PutIdentityProvider[] {
  const reasons = actual
    ? identityProviderDifferences(actual, wanted, certificateBody)
    : ['no PureEngage identity provider'];
  if (reasons.length === 0) return [];
  return [
    {
      resource: 'identity-provider',
      action: actual ? 'update' : 'create',
      name: wanted.name,
      reasons,
      body: identityProviderBody(wanted, actual, certificateBody),
    },
  ];
}

/** Other identity providers with this issuer URI: two providers must not share one. */
export function providersSharingIssuer(
  providers: OrgState['identityProviders'],
  issuerURI: string,
  pureEngageId: string | undefined,
): OrgState['identityProviders'] {
  return providers.filter((p) => p.issuerURI === issuerURI && p.id !== pureEngageId);
}

export function namesOf(providers: OrgState['identityProviders']): string {
  return providers.map((p) => `"${p.name ?? p.id}"`).join(', ');
}

/**
 * Another identity provider with the spec's issuer URI: two providers must not share one. Provisioning refuses
 * to start on it, and verification's checklist reports it (idp:issuer-unique).
 */
export function issuerConflict(issuerURI: string, state: OrgState): Problem | undefined {
  const sharing = providersSharingIssuer(state.identityProviders, issuerURI, state.pureEngage?.id);
  if (sharing.length === 0) return undefined;
  return {
    kind: 'issuer-conflict',
    message:
      `identityProvider.issuerURI "${issuerURI}" is already used by identity provider ${namesOf(sharing)}; ` +
      'two identity providers must not share an issuer URI: change the issuer URI or remove the other provider',
  };
}

export function identityProviderProblems(
  wanted: IdentityProviderWanted,
  state: OrgState,
  onExisting: OnExisting,
): Problem[] {
  const problems: Problem[] = [];
  const conflict = issuerConflict(wanted.issuerURI, state);
  if (conflict) problems.push(conflict);
  if (state.pureEngage && onExisting === 'fail')
    problems.push({ kind: 'already-exists', message: 'the PureEngage identity provider' });
  // Certificates are only added (identityProviderChanges): ours beside all it trusts must fit the limit.
  const ours = state.bundle.certificateBody ? certificateBodyOf(state.bundle.certificateBody) : null;
  const trusted = state.pureEngage ? [...new Set(providerCertificateBodies(state.pureEngage))] : [];
  const others = trusted.filter((c) => c !== ours);
  if ((ours === null || !trusted.includes(ours)) && others.length >= MAX_TRUSTED_CERTIFICATES) {
    problems.push({
      kind: 'invalid',
      message:
        `the PureEngage identity provider already trusts ${others.length} other certificates; with the provisioned one ` +
        `it would exceed the API's ${MAX_TRUSTED_CERTIFICATES}: remove a certificate it no longer needs first`,
    });
  }
  return problems;
}
