/**
 * The PureEngage identity provider: a singleton the API upserts with PUT. What to PUT is what
 * decisions/identity-provider.ts decides; afterwards the same rule is checked against what the API
 * answers (the hybrid troubleshooting checklist: fields as the spec wants, issuer URI unique among the
 * org's identity providers), not against what we sent.
 */
import { describeCertificate } from '../certificate/bundle.js';
import { certificateBodyOf } from '../decisions/certificate-body.js';
import {
  decideIdentityProvider,
  identityProviderDifferences,
  namesOf,
  providersSharingIssuer,
  restoredProviderBody,
} from '../decisions/identity-provider.js';
import type {
  GenesysTarget,
  IdentityProviderWanted,
  Outcome,
  PureEngageSnapshot,
} from '../provisioning/types.js';
import { toPureEngageSnapshot } from '../org-state/snapshots.js';
import type { PureEngageProvider } from '../purecloud/types.js';
import { mapFailures, nonRetryable } from './failures.js';
import { readProviderBack, untilProviderReadsBack } from './provider-read-back.js';
import { genesysClientFor } from './genesys-session.js';

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

async function ensureIdentityProviderUnmapped(
  input: EnsureIdentityProviderInput,
): Promise<EnsureIdentityProviderResult> {
  const genesys = await genesysClientFor(input.target);
  const body = certificateBodyOf(input.certificateBody);
  const cert = describeCertificate(body);
  // What the run does (the outcome) is judged against the preflight snapshot; the body is built from the
  // provider as it is now (read-modify-write, decisions/identity-provider.ts providerBody), so a field or a
  // certificate that changed since the preflight is kept, and a retry after a lost response writes nothing.
  const [change] = decideIdentityProvider(input.wanted, input.before, body);
  let put = false;
  if (change) {
    const current = await genesys.identityProviders.getPureEngage();
    const [now] = decideIdentityProvider(input.wanted, current && toPureEngageSnapshot(current), body);
    if (now) await genesys.identityProviders.putPureEngage(now.body);
    put = now !== undefined;
  }

  // Read back and check, as the troubleshooting guide has an administrator do by hand. After a PUT, a read
  // may still answer the version before it (provider-read-back.ts): read again, within the bound, until it
  // passes the checks; the checks then judge the last read.
  const differences = (p: PureEngageProvider | null) =>
    p
      ? identityProviderDifferences(toPureEngageSnapshot(p), input.wanted, body)
      : ['the PureEngage identity provider does not exist'];
  const [after, providers] = await Promise.all([
    put
      ? readProviderBack(genesys, (p) => differences(p).length === 0)
      : genesys.identityProviders.getPureEngage(),
    genesys.identityProviders.list(),
  ]);
  const problems = differences(after);
  const sharing = providersSharingIssuer(
    providers.map((p) => ({ id: p.id ?? '', name: p.name, issuerURI: p.issuerURI })),
    input.wanted.issuerURI,
    after?.id,
  );
  if (sharing.length > 0) problems.push(`issuer URI also used by ${namesOf(sharing)}`);
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
    outcome: !change ? 'unchanged' : change.action === 'update' ? 'adopted' : 'created',
  };
}

export interface RestoreIdentityProviderInput {
  target: GenesysTarget;
  before: PureEngageSnapshot | null;
}

/**
 * Puts back what provisioning set as the snapshot had it (every other field as the provider has it now), or
 * removes the provider when the org had none.
 */
async function restoreIdentityProviderUnmapped(input: RestoreIdentityProviderInput): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  if (!input.before) {
    await genesys.identityProviders.deletePureEngage();
    // A run started right after must find no provider, not the one just deleted.
    await untilProviderReadsBack(genesys, null);
    return;
  }
  const current = await genesys.identityProviders.getPureEngage();
  const restored = restoredProviderBody(input.before, current);
  await genesys.identityProviders.putPureEngage(restored);
  // A run started right after must read the provider as restored, not as this run left it.
  await untilProviderReadsBack(genesys, restored);
}

export const ensureIdentityProvider = mapFailures(ensureIdentityProviderUnmapped);
export const restoreIdentityProvider = mapFailures(restoreIdentityProviderUnmapped);
