/**
 * The PureEngage identity provider: one rule for what the org must change, and the whole body to PUT.
 *
 * Every field the spec sets is what is wanted, both ways: `autoProvisionUsers: false` in the spec turns
 * auto-provisioning off just as `true` turns it on. Optional fields the spec leaves out (`sloURI`,
 * `relyingPartyIdentifier`, `nameIdentifierFormat`) keep what the org has. The certificate counts as right
 * when it is among the provider's certificates.
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

/**
 * The differences between the provider and the spec, one line each; empty when nothing must change.
 * `certificateBody` null: the certificate is yet to be generated, so it will have to be uploaded.
 */
export function identityProviderDifferences(
  actual: PureEngageSnapshot,
  wanted: IdentityProviderWanted,
  certificateBody: string | null,
): string[] {
  const diffs: string[] = [];
  for (const field of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) {
    const want = wanted[field];
    if (want !== undefined && actual[field] !== want)
      diffs.push(`${field} is "${actual[field] ?? ''}", not "${want}"`);
  }
  for (const field of SWITCHES) {
    if (Boolean(actual[field]) !== wanted[field])
      diffs.push(`${field} is ${Boolean(actual[field])}, not ${wanted[field]}`);
  }
  if (certificateBody === null)
    diffs.push('the certificate is yet to be generated: provisioning would upload the new one');
  else if (!providerCertificateBodies(actual).includes(certificateBodyOf(certificateBody)))
    diffs.push('its certificates do not include the provisioned signing certificate');
  return diffs;
}

/**
 * The whole body to PUT (the API replaces the model): the spec's fields, and for what the spec leaves
 * out the values the provider had. Its certificates are replaced by ours, the point of the step.
 */
export function identityProviderBody(
  wanted: IdentityProviderWanted,
  actual: PureEngageSnapshot | null,
  certificateBody: string | null,
): PureEngageProvider {
  const { id: _id, certificate: _certificate, certificates: _certificates, ...kept } = actual ?? {};
  return JSON.parse(
    JSON.stringify({
      ...kept,
      name: wanted.name,
      issuerURI: wanted.issuerURI,
      ssoTargetURI: wanted.ssoTargetURI,
      sloURI: wanted.sloURI ?? kept.sloURI,
      relyingPartyIdentifier: wanted.relyingPartyIdentifier ?? kept.relyingPartyIdentifier,
      nameIdentifierFormat: wanted.nameIdentifierFormat ?? kept.nameIdentifierFormat,
      certificate: certificateBody === null ? undefined : certificateBodyOf(certificateBody),
      autoProvisionUsers: wanted.autoProvisionUsers,
      disabled: wanted.disabled,
    }),
  ) as PureEngageProvider;
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

export function identityProviderProblems(
  wanted: IdentityProviderWanted,
  state: OrgState,
  onExisting: OnExisting,
): Problem[] {
  const problems: Problem[] = [];
  const sharing = providersSharingIssuer(state.identityProviders, wanted.issuerURI, state.pureEngage?.id);
  if (sharing.length > 0) {
    problems.push({
      kind: 'issuer-conflict',
      message:
        `identityProvider.issuerURI "${wanted.issuerURI}" is already used by identity provider ${namesOf(sharing)}; ` +
        'two identity providers must not share an issuer URI: change the issuer URI or remove the other provider',
    });
  }
  if (state.pureEngage && onExisting === 'fail')
    problems.push({ kind: 'already-exists', message: 'the PureEngage identity provider' });
  return problems;
}
