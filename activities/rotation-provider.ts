/**
 * The identity provider's side of certificate rotation: read what it trusts, make it trust a given set of
 * certificates (every other field as it was), and put it back as it was.
 *
 * Which certificate is primary during the grace period: the PureEngage side keeps signing with the OLD key
 * until its administrators have deployed the new one, so the old certificate stays the legacy single
 * `certificate` and first in `certificates`, and the new one joins `certificates` as a backup. A real org that
 * reads either field (their precedence is unconfirmed, reference §8) then accepts assertions signed with the
 * old key, and, through the list, already those signed with the new one. At the switch the new certificate
 * takes both places.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { readBundleFiles } from '../certificate/artifacts.js';
import { decryptPrivateKeyPem, describeCertificate } from '../certificate/bundle.js';
import type { PureEngageProvider } from '../purecloud/types.js';
import type { RotationSnapshot } from '../provisioning/rotation-types.js';
import type { GenesysTarget } from '../provisioning/types.js';
import { resolveSecret, type SecretRef } from '../secrets/secret-ref.js';
import { mapFailures, nonRetryable } from './failures.js';
import { readProviderBack, untilProviderReadsBack } from './provider-read-back.js';
import { genesysClientFor } from './genesys-session.js';
import { certificateBodyOf } from '../decisions/certificate-body.js';
import {
  MAX_TRUSTED_CERTIFICATES,
  providerBody,
  providerCertificateBodies,
} from '../decisions/identity-provider.js';

export { MAX_TRUSTED_CERTIFICATES };

/** Every certificate the provider trusts, as bare base64 DER bodies, primary first, without repeats. */
export function trustedCertificateBodies(provider: PureEngageProvider): string[] {
  return [...new Set(providerCertificateBodies(provider))];
}

/** The provider as a PUT body: read-only fields dropped, everything else kept so that nothing is reset. */
const asPutBody = (provider: PureEngageProvider): PureEngageProvider => providerBody(provider, {});

export interface InspectRotationInput {
  target: GenesysTarget;
  outputDir: string;
  password: SecretRef;
}

async function inspectRotationUnmapped(input: InspectRotationInput): Promise<RotationSnapshot> {
  const read = await readBundleFiles(input.outputDir);
  if ('missing' in read) {
    throw nonRetryable(
      'InvalidInput',
      `output: ${input.outputDir} holds no complete certificate bundle (missing ${read.missing.join(', ')}); ` +
        'provision the org first (hybrid provision --spec FILE)',
    );
  }
  const password = await resolveSecret(input.password, 'certificate.password');
  let keyPem: string;
  try {
    keyPem = decryptPrivateKeyPem(read.contents.key, password);
  } catch {
    throw nonRetryable(
      'InvalidInput',
      `${read.files.key} does not open with certificate.password; give the password the bundle was made with`,
    );
  }
  const certKey = new X509Certificate(read.contents.cert).publicKey.export({ type: 'spki', format: 'der' });
  if (!certKey.equals(createPublicKey(keyPem).export({ type: 'spki', format: 'der' }))) {
    throw nonRetryable(
      'InvalidInput',
      `${read.files.key} does not belong to ${read.files.cert}; restore the bundle`,
    );
  }
  const old = describeCertificate(read.contents.cert);

  const genesys = await genesysClientFor(input.target);
  const provider = await genesys.identityProviders.getPureEngage();
  if (!provider) {
    throw nonRetryable(
      'VerificationFailed',
      'the org has no PureEngage identity provider, so there is no certificate to rotate; provision the org first',
    );
  }
  const trusted = trustedCertificateBodies(provider);
  if (!trusted.includes(old.certificateBody)) {
    throw nonRetryable(
      'VerificationFailed',
      `the PureEngage identity provider does not trust ${read.files.cert} (SHA-256 ${old.sha256Fingerprint}); ` +
        'rotation starts from the provisioned certificate: run hybrid provision --spec FILE first',
    );
  }
  const otherCertificates = trusted.filter((c) => c !== old.certificateBody);
  if (otherCertificates.length + 2 > MAX_TRUSTED_CERTIFICATES) {
    throw nonRetryable(
      'VerificationFailed',
      `the PureEngage identity provider already trusts ${trusted.length} certificates; with the new one it would ` +
        `exceed the API's ${MAX_TRUSTED_CERTIFICATES}: remove a backup certificate it no longer needs first`,
    );
  }
  return {
    provider: asPutBody(provider),
    old: {
      sha256: old.sha256Fingerprint,
      notAfter: old.notAfter,
      subject: old.subject,
      certificateBody: old.certificateBody,
    },
    otherCertificates,
  };
}

export interface TrustCertificatesInput {
  target: GenesysTarget;
  /** The provider as preflight read it: the base when it is gone by now (the PUT reads it again first). */
  base: PureEngageProvider;
  /** The primary: the certificate the PureEngage side signs with now. */
  certificate: string;
  /** Everything the provider should trust, primary first. */
  certificates: string[];
}

/** PUTs the provider with exactly these certificates, then reads it back to prove the org took them. */
async function trustCertificatesUnmapped(input: TrustCertificatesInput): Promise<{ trusted: number }> {
  const genesys = await genesysClientFor(input.target);
  const wanted = [...new Set(input.certificates.map(certificateBodyOf))];
  if (wanted.length > MAX_TRUSTED_CERTIFICATES) {
    throw nonRetryable(
      'InvalidInput',
      `certificates: at most ${MAX_TRUSTED_CERTIFICATES} (got ${wanted.length})`,
    );
  }
  // Read-modify-write: only the certificate fields change, every other field as the provider has it now.
  const current = await genesys.identityProviders.getPureEngage();
  await genesys.identityProviders.putPureEngage(
    providerBody(current ?? input.base, {
      certificate: certificateBodyOf(input.certificate),
      certificates: wanted,
    }),
  );
  // A read right after the PUT may answer the version before it: read again within the bound
  // (provider-read-back.ts) until it trusts exactly what was sent; the check below judges the last read.
  const trustedBy = (p: PureEngageProvider | null) => (p ? trustedCertificateBodies(p) : []);
  const exactly = (p: PureEngageProvider | null) => {
    const trusted = trustedBy(p);
    return trusted.length === wanted.length && wanted.every((c) => trusted.includes(c));
  };
  const after = await readProviderBack(genesys, exactly);
  const trusted = trustedBy(after);
  const missing = wanted.filter((c) => !trusted.includes(c)).length;
  const extra = trusted.filter((c) => !wanted.includes(c)).length;
  if (missing > 0 || extra > 0) {
    throw nonRetryable(
      'VerificationFailed',
      `after the update the PureEngage identity provider trusts ${trusted.length} certificates ` +
        `(${missing} wanted missing, ${extra} unwanted present); check its certificates in the admin UI`,
    );
  }
  return { trusted: trusted.length };
}

/**
 * Compensation: the certificates exactly as preflight found them, every other field as the provider has it
 * now (rotation changes nothing else; rotation requires a provider, so it is never deleted).
 */
async function restoreRotatedProviderUnmapped(input: {
  target: GenesysTarget;
  before: PureEngageProvider;
}): Promise<void> {
  const genesys = await genesysClientFor(input.target);
  const current = await genesys.identityProviders.getPureEngage();
  const restored = providerBody(current ?? input.before, {
    certificate: input.before.certificate,
    certificates: input.before.certificates,
  });
  await genesys.identityProviders.putPureEngage(restored);
  // A rotation started right after must read the certificates as restored.
  await untilProviderReadsBack(genesys, restored);
}

export const inspectRotation = mapFailures(inspectRotationUnmapped);
export const trustCertificates = mapFailures(trustCertificatesUnmapped);
export const restoreRotatedProvider = mapFailures(restoreRotatedProviderUnmapped);
