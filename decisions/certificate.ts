/**
 * The certificate bundle in the output folder: generated when none is there, reused as it is when it is
 * complete (so re-running a finished provisioning changes nothing). A partial bundle is refused before any
 * change: reusing it would leave files missing, replacing it could destroy the key an org already trusts.
 */
import type { LocalBundleState } from '../provisioning/types.js';
import type { CreateCertificateBundle, Problem } from './changes.js';

/** cert.pem, cert.pem.b64, key.pem.enc, key.pem.enc.b64 (certificate/artifacts.ts, which does I/O). */
const BUNDLE_FILE_COUNT = 4;

/** Whether the output folder holds any bundle file: such a bundle is reused, never overwritten. */
export function bundleExists(bundle: LocalBundleState): boolean {
  return bundle.missing.length < BUNDLE_FILE_COUNT;
}

export function decideCertificate(bundle: LocalBundleState): CreateCertificateBundle[] {
  if (bundleExists(bundle)) return [];
  return [
    {
      resource: 'certificate',
      action: 'create',
      name: bundle.dir,
      reasons: [`no certificate bundle in ${bundle.dir}`],
    },
  ];
}

export function certificateProblems(bundle: LocalBundleState): Problem[] {
  if (!bundleExists(bundle) || bundle.missing.length === 0) return [];
  return [
    {
      kind: 'invalid',
      message:
        `output: ${bundle.dir} holds an incomplete certificate bundle (missing ${bundle.missing.join(', ')}); ` +
        'restore the missing files, or move the bundle away to have a new one generated',
    },
  ];
}
