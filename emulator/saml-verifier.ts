/**
 * The SAML response verifier lives in `emulator/saml/` (its own module and tests). It is loaded lazily on the
 * first SAML2-bearer grant so that the rest of the emulator never depends on its load-time health.
 */
export type SamlVerifier = typeof import('./saml/verify-response.js');

let loaded: Promise<SamlVerifier | undefined> | undefined;

export function loadSamlVerifier(): Promise<SamlVerifier | undefined> {
  loaded ??= import('./saml/verify-response.js').catch((err: unknown) => {
    loaded = undefined;
    process.emitWarning(`SAML verifier unavailable: ${(err as Error).message}`);
    return undefined;
  });
  return loaded;
}
