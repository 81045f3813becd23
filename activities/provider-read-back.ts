/**
 * Reading the PureEngage identity provider back after this run wrote it. A GET right after a PUT may still
 * answer the version before it, and right after a DELETE the deleted provider: Terraform's sibling singleton
 * providers (`idp_okta`, `idp_adfs`, `idp_generic`, …) read back after every PUT through the consistency
 * checker, retrying while the read differs from what was written (genesyscloud/idp_okta/
 * resource_genesyscloud_idp_okta.go, `updateIdpOkta` → `readIdpOkta` → `cc.CheckState`), and wait up to 60 s
 * for a 404 after a DELETE (`deleteIdpOkta`). Terraform has no PureEngage resource, so for this provider it is
 * modelled, not confirmed (emulator/README.md). Every step that writes the provider (provisioning's ensure and
 * restore, rotation's trust and restore) reads it back here, within the consistency bound (failures.ts); at no
 * lag one read.
 */
import type { GenesysClient } from '../purecloud/index.js';
import type { PureEngageProvider } from '../purecloud/types.js';
import { providerCertificateBodies } from '../decisions/identity-provider.js';
import { certificateBodyOf } from '../decisions/certificate-body.js';
import { untilReflected, untilSettled } from './failures.js';

/**
 * The provider as the org reads it once `reflects` accepts it (null: none), or as it last read it when the
 * bound ran out: the caller decides what that means.
 */
export function readProviderBack(
  genesys: GenesysClient,
  reflects: (provider: PureEngageProvider | null) => boolean,
): Promise<PureEngageProvider | null> {
  return untilSettled(() => genesys.identityProviders.getPureEngage(), reflects);
}

const certificateSet = (provider: Pick<PureEngageProvider, 'certificate' | 'certificates'>) =>
  [...new Set(providerCertificateBodies(provider))].sort();

/** A certificate as the API may return it (armoured or not, wrapped or not) reduced to its one-line body. */
const bodyOrAbsent = (certificate: unknown) =>
  typeof certificate === 'string' && certificate !== '' ? certificateBodyOf(certificate) : certificate;

/**
 * Whether the provider reads back as `sent` was written: every field sent has the value sent (an absent or
 * undefined one: absent; switches compared as booleans), the primary `certificate` included (compared by its
 * body, as the trusted set is, so a server that re-wraps or armours it still reads back), and it trusts
 * exactly the certificates sent (in any order).
 */
export function readsBackAs(provider: PureEngageProvider | null, sent: PureEngageProvider): boolean {
  if (!provider) return false;
  const read = provider as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(sent)) {
    if (field === 'certificates') continue;
    const got = read[field];
    const same =
      typeof value === 'boolean'
        ? Boolean(got) === value
        : field === 'certificate'
          ? bodyOrAbsent(got) === bodyOrAbsent(value)
          : JSON.stringify(got) === JSON.stringify(value);
    if (!same) return false;
  }
  return JSON.stringify(certificateSet(provider)) === JSON.stringify(certificateSet(sent));
}

/**
 * For an undo: waits until the provider reads back as `sent` (null: until it is gone). An undo that the org
 * never reflected within the bound is not a failure (the write was made), but is reported.
 */
export async function untilProviderReadsBack(
  genesys: GenesysClient,
  sent: PureEngageProvider | null,
): Promise<void> {
  await untilReflected(
    () => genesys.identityProviders.getPureEngage(),
    (p) => (sent ? readsBackAs(p, sent) : p === null),
    `the PureEngage identity provider did not read back as ${sent ? 'restored' : 'deleted'}`,
  );
}
