import { isAbsolute } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  BundleDirError,
  assertBundleDirWritable,
  existingBundleFiles,
  removeInterruptedWrite,
  writeBundle,
} from '../certificate/artifacts.js';
import { type CertificateBundle, generateCertificateBundle } from '../certificate/bundle.js';
import { checkExistingBundle, interruptedWrite } from '../certificate/existing-bundle.js';
import {
  type CertificateOptions,
  CertificateOptionsError,
  validateCertificateOptions,
} from '../certificate/options.js';
import { resolveSecret, type SecretRef, SecretRefError } from '../secrets/secret-ref.js';

export interface GenerateCertificateInput {
  /** Absolute path; the client resolves `--out` before starting the workflow. */
  outDir: string;
  options: CertificateOptions;
  /** A reference, never the value (the `value` form only once a payload codec encrypts history). */
  password: SecretRef;
  force: boolean;
}

export interface GenerateCertificateResult {
  files: Record<'cert' | 'certB64' | 'key' | 'keyB64', string>;
  certificateBody: string;
  sha256Fingerprint: string;
  notBefore: string;
  notAfter: string;
  subject: string;
}

/** 1 outside an activity (a direct call, a script), so such calls behave like a first attempt. */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

function logInfo(message: string, attributes: Record<string, unknown>): void {
  try {
    Context.current().log.info(message, attributes);
  } catch {
    // Outside an activity there is no activity logger; the result says what happened.
  }
}

type CertificateSummary = Omit<GenerateCertificateResult, 'files'>;

/** Picks the result fields, so nothing else (a key, say) can ride along into workflow history. */
function certificateSummary(source: CertificateSummary): CertificateSummary {
  const { certificateBody, sha256Fingerprint, notBefore, notAfter, subject } = source;
  return { certificateBody, sha256Fingerprint, notBefore, notAfter, subject };
}

/** User errors cannot be fixed by retrying: fail the activity for good with a message that says why. */
function asInvalidInput(err: unknown): never {
  if (
    err instanceof CertificateOptionsError ||
    err instanceof BundleDirError ||
    err instanceof SecretRefError
  ) {
    throw ApplicationFailure.nonRetryable(err.message, 'InvalidInput', { field: err.field });
  }
  throw err;
}

async function userInput<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    return asInvalidInput(err);
  }
}

/**
 * Generates the SAML signing certificate and encrypted key and writes the four bundle files into
 * `outDir`. Safe to run twice: a retry (attempt > 1) adopts a bundle an earlier attempt already wrote
 * when its key decrypts with the password, belongs to the certificate and matches the options, so a
 * lost result never turns into "already exists" or a second, different certificate; a partial bundle an attempt
 * killed mid-write left behind is removed and written again. A first attempt without `force` refuses a directory
 * that already holds a bundle.
 */
export async function generateCertificate(
  input: GenerateCertificateInput,
  /** Where the new bundle comes from: provisioning passes one its run generated ahead of this write. */
  newBundle: (
    options: CertificateOptions,
    password: string,
  ) => Promise<CertificateBundle> = generateCertificateBundle,
): Promise<GenerateCertificateResult> {
  const { outDir, force } = input;
  if (typeof outDir !== 'string' || !isAbsolute(outDir)) {
    throw ApplicationFailure.nonRetryable(
      `outDir must be an absolute path (got ${JSON.stringify(outDir)}); resolve --out before starting the workflow`,
      'InvalidInput',
      { field: 'outDir' },
    );
  }
  const options = await userInput(() => validateCertificateOptions(input.options));
  const password = await userInput(() => resolveSecret(input.password, 'password'));

  if (currentAttempt() > 1 && (await existingBundleFiles(outDir)).length > 0) {
    const existing = await checkExistingBundle(outDir, options, password);
    if (existing.usable) {
      logInfo('Adopting the certificate bundle written by an earlier attempt', {
        outDir,
        sha256Fingerprint: existing.description.sha256Fingerprint,
      });
      return { files: existing.files, ...certificateSummary(existing.description) };
    }
    const leftover = await interruptedWrite(outDir, password);
    if (leftover) {
      // An earlier attempt was killed while placing its files (a worker crash): its key opens with this
      // password, so the partial bundle is this run's own, and no later step used it (the write never ended).
      logInfo('Removing the partial bundle of an interrupted earlier attempt', { outDir, files: leftover });
      await removeInterruptedWrite(outDir, leftover);
    } else if (!force) {
      throw ApplicationFailure.nonRetryable(
        `--out ${outDir} already holds a certificate bundle this run cannot adopt: ${existing.reason}; ` +
          'use --force to replace it or choose another --out directory',
        'InvalidInput',
        { field: '--out' },
      );
    }
  }

  await userInput(() => assertBundleDirWritable(outDir, { force }));
  const bundle = await userInput(() => newBundle(options, password));
  const written = await userInput(() => writeBundle(outDir, bundle, { force }));
  return { files: written.files, ...certificateSummary(bundle) };
}
