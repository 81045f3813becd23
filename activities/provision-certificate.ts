/**
 * The certificate step of a provisioning run. A bundle already in the output directory (an earlier run of
 * the same spec) is reused when its key opens with the password and matches its certificate, so that
 * re-running a finished provisioning changes nothing; otherwise a new bundle is generated.
 *
 * The generation starts with the run (`prepareCertificate`, alongside the preflight) and only the write waits
 * for the preflight (`ensureCertificate`), so a refused run writes nothing; the bundle waits in this worker's
 * memory in between (certificate/prepared-bundles.ts).
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { BUNDLE_FILE_NAMES, existingBundleFiles } from '../certificate/artifacts.js';
import {
  type CertificateBundle,
  decryptPrivateKeyPem,
  describeCertificate,
  generateCertificateBundle,
} from '../certificate/bundle.js';
import {
  type CertificateOptions,
  CertificateOptionsError,
  validateCertificateOptions,
} from '../certificate/options.js';
import { preparedBundles } from '../certificate/prepared-bundles.js';
import type { Outcome } from '../provisioning/types.js';
import { resolveSecret, type SecretRef, SecretRefError } from '../secrets/secret-ref.js';
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

/** The run both certificate activities belong to (a workflow run; a direct call has none). */
function currentRun(): string | undefined {
  try {
    const { workflowExecution } = Context.current().info;
    return workflowExecution ? `${workflowExecution.workflowId}/${workflowExecution.runId}` : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle this run prepared, or a new one when none waits on this worker. */
function preparedOrNew(options: CertificateOptions, password: string): Promise<CertificateBundle> {
  const run = currentRun();
  const prepared = run === undefined ? undefined : preparedBundles.take(run, options, password);
  return prepared ? Promise.resolve(prepared) : generateCertificateBundle(options, password);
}

async function ensureCertificateUnwrapped(input: EnsureCertificateInput): Promise<EnsureCertificateResult> {
  if (input.bundleExisted) return reuseBundle(input);
  const result = await generateCertificate(
    { outDir: input.outputDir, options: input.options, password: input.password, force: false },
    preparedOrNew,
  );
  return { ...result, outcome: 'created' };
}

export type PrepareCertificateInput = Omit<EnsureCertificateInput, 'bundleExisted'>;

/** Public facts only: this goes into workflow history. */
export interface PrepareCertificateResult {
  prepared: boolean;
  /** Why not, when not: a bundle to reuse is there, or the inputs are refused (the write step says how). */
  skipped?: 'bundle-in-output' | 'invalid-input' | 'no-run';
}

/**
 * Generates the run's bundle in memory, for `ensureCertificate` to write once the preflight has passed.
 * Writes nothing and never fails the run: what it cannot do, the write step does (and reports) itself.
 */
async function prepareCertificateUnwrapped(
  input: PrepareCertificateInput,
): Promise<PrepareCertificateResult> {
  const run = currentRun();
  if (run === undefined) return { prepared: false, skipped: 'no-run' };
  // A bundle already there is reused (the preflight decides); a key for it would be wasted CPU.
  if ((await existingBundleFiles(input.outputDir)).length > 0)
    return { prepared: false, skipped: 'bundle-in-output' };
  try {
    const options = validateCertificateOptions(input.options);
    const password = await resolveSecret(input.password, 'certificate.password');
    // generateCertificate validates the same inputs again and hands these same values to preparedOrNew.
    preparedBundles.put(run, options, password, await generateCertificateBundle(options, password));
  } catch (err) {
    if (err instanceof CertificateOptionsError || err instanceof SecretRefError) {
      return { prepared: false, skipped: 'invalid-input' };
    }
    throw err;
  }
  return { prepared: true };
}

/** Compensation: removes a bundle this run wrote; a bundle that was there before the run stays. */
async function removeCertificateUnwrapped(input: {
  outputDir: string;
  bundleExisted: boolean;
}): Promise<void> {
  if (input.bundleExisted) return;
  await Promise.all(Object.values(bundlePaths(input.outputDir)).map((f) => rm(f, { force: true })));
}

export const prepareCertificate = mapFailures(prepareCertificateUnwrapped);
export const ensureCertificate = mapFailures(ensureCertificateUnwrapped);
export const removeCertificate = mapFailures(removeCertificateUnwrapped);
