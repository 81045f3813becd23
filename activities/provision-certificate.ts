/**
 * The certificate step of a provisioning run. A bundle already in the output directory (an earlier run of
 * the same spec) is reused when its key opens with the password and matches its certificate, so that
 * re-running a finished provisioning changes nothing; otherwise a new bundle is generated.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FILE_NAMES } from '../certificate/artifacts.js';
import { decryptPrivateKeyPem, describeCertificate } from '../certificate/bundle.js';
import type { CertificateOptions } from '../certificate/options.js';
import type { Outcome } from '../provisioning/types.js';
import { resolveSecret, type SecretRef } from '../secrets/secret-ref.js';
import { generateCertificate, type GenerateCertificateResult } from './certificate.js';
import { mapFailures, nonRetryable } from './failures.js';

export interface EnsureCertificateInput {
  outputDir: string;
  options: CertificateOptions;
  password: SecretRef;
  bundleExisted: boolean;
}

export type EnsureCertificateResult = GenerateCertificateResult & { outcome: Outcome };

function bundlePaths(dir: string): GenerateCertificateResult['files'] {
  return {
    cert: join(dir, BUNDLE_FILE_NAMES.cert),
    certB64: join(dir, BUNDLE_FILE_NAMES.certB64),
    key: join(dir, BUNDLE_FILE_NAMES.key),
    keyB64: join(dir, BUNDLE_FILE_NAMES.keyB64),
  };
}

async function reuseBundle(input: EnsureCertificateInput): Promise<EnsureCertificateResult> {
  const files = bundlePaths(input.outputDir);
  const password = await resolveSecret(input.password, 'certificate.password');
  const refuse = (why: string) =>
    nonRetryable(
      'InvalidInput',
      `output: ${input.outputDir} already holds a certificate bundle, but ${why}; ` +
        'move the old bundle away or choose another output directory',
    );
  let certPem: string;
  let keyPem: string;
  try {
    certPem = await readFile(files.cert, 'utf8');
    keyPem = decryptPrivateKeyPem(await readFile(files.key, 'utf8'), password);
  } catch {
    throw refuse('it is incomplete or its key does not open with certificate.password');
  }
  const certKey = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  const ownKey = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
  if (!certKey.equals(ownKey)) throw refuse('its key does not belong to its certificate');
  return { files, ...describeCertificate(certPem), outcome: 'unchanged' };
}

async function ensureCertificateUnwrapped(input: EnsureCertificateInput): Promise<EnsureCertificateResult> {
  if (input.bundleExisted) return reuseBundle(input);
  const result = await generateCertificate({
    outDir: input.outputDir,
    options: input.options,
    password: input.password,
    force: false,
  });
  return { ...result, outcome: 'created' };
}

/** Compensation: removes a bundle this run wrote; a bundle that was there before the run stays. */
async function removeCertificateUnwrapped(input: {
  outputDir: string;
  bundleExisted: boolean;
}): Promise<void> {
  if (input.bundleExisted) return;
  await Promise.all(Object.values(bundlePaths(input.outputDir)).map((f) => rm(f, { force: true })));
}

export const ensureCertificate = mapFailures(ensureCertificateUnwrapped);
export const removeCertificate = mapFailures(removeCertificateUnwrapped);
