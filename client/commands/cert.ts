// `hybrid cert`: generate the SAML signing certificate and the encrypted private key bundle, through Temporal
// (an in-process worker on a private task queue) or, with --local, directly in this process.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import type { GenerateCertificateInput, GenerateCertificateResult } from '../../activities/certificate.js';
import { assertBundleDirWritable, BundleDirError } from '../../certificate/artifacts.js';
import {
  CertificateOptionsError,
  DEFAULT_CERTIFICATE_OPTIONS,
  validateCertificateOptions,
} from '../../certificate/options.js';
import { createDataConverter } from '../../codec/data-converter.js';
import { temporalUiBase, workflowRunUrl } from '../../temporal/ui-link.js';
import { runMetadata } from '../../temporal/run-metadata.js';
import type { certificateWorkflow } from '../../workflows/certificate.js';
import { UsageError } from '../usage-error.js';

// The Temporal SDK (native runtime, webpack) and node-forge load only once input is valid and the path is
// chosen, so `--help` and bad input answer at once.

export interface CertFlags {
  out: string;
  days?: string;
  keyBits?: string;
  subject?: string;
  passwordEnv: string;
  keyFormat?: string;
  force?: boolean;
  local?: boolean;
}

export function register(program: Command): void {
  const d = DEFAULT_CERTIFICATE_OPTIONS;
  program
    .command('cert')
    .description(
      'Generate the SAML signing certificate and its AES-256-encrypted private key: cert.pem, cert.pem.b64, ' +
        'key.pem.enc, key.pem.enc.b64 (mode 0600). Runs as a Temporal workflow unless --local.',
    )
    .requiredOption('--out <dir>', 'directory to write the bundle into (created if missing)')
    .option('--days <n>', `validity in days (default ${d.days})`)
    .option('--key-bits <n>', `RSA key size, a multiple of 1024 from 2048 (default ${d.keyBits})`)
    .option(
      '--subject <dn>',
      `certificate subject, e.g. "CN=PureEngage SAML,O=Example" (default "${d.subject}")`,
    )
    .requiredOption(
      '--password-env <var>',
      'NAME of the environment variable holding the key password (the password never leaves this process)',
    )
    .option('--key-format <format>', `traditional (OpenSSL 1.1 style) or pkcs8 (default ${d.keyFormat})`)
    .option('--force', 'replace a bundle already in --out')
    .option('--local', 'generate in this process, without a Temporal server')
    .action(async (flags: CertFlags) => {
      const input = await prepareCertificateInput(flags);
      if (flags.local) {
        printResult(await generateLocally(input));
      } else {
        const { result, runUrl } = await generateThroughTemporal(input);
        printResult(result, runUrl);
      }
    });
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Integers become numbers; anything else stays text so the validator can quote it back. */
function numericFlag(text: string | undefined): number | string | undefined {
  return text !== undefined && /^[+-]?\d+$/.test(text.trim()) ? Number(text) : text;
}

/**
 * Checks every flag and the output directory before anything happens, turning each problem into a UsageError
 * that names the option and the fix. The result carries the password as a reference, never its value.
 */
export async function prepareCertificateInput(
  flags: CertFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GenerateCertificateInput> {
  const variable = flags.passwordEnv.trim();
  if (!ENV_NAME.test(variable)) {
    // Not echoed: someone who misread the flag may have typed the password itself.
    throw new UsageError(
      '--password-env takes the NAME of an environment variable that holds the key password ' +
        '(e.g. --password-env KEY_PASSWORD), not the password itself.',
    );
  }
  if (!env[variable]) {
    throw new UsageError(
      `--password-env: environment variable ${variable} is ${env[variable] === undefined ? 'not set' : 'empty'}. ` +
        `Put the key password in it first, e.g. \`read -rs ${variable} && export ${variable}\`.`,
    );
  }

  const outDir = path.resolve(flags.out);
  try {
    const options = validateCertificateOptions({
      days: numericFlag(flags.days) as number | undefined,
      keyBits: numericFlag(flags.keyBits) as number | undefined,
      subject: flags.subject,
      keyFormat: flags.keyFormat as GenerateCertificateInput['options']['keyFormat'] | undefined,
    });
    await assertBundleDirWritable(outDir, { force: Boolean(flags.force) });
    return { outDir, options, password: { env: variable }, force: Boolean(flags.force) };
  } catch (error) {
    // Both error types carry messages that already name the flag (--days, --out, ...) and say what is accepted.
    if (error instanceof CertificateOptionsError || error instanceof BundleDirError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

async function generateLocally(input: GenerateCertificateInput): Promise<GenerateCertificateResult> {
  const { generateCertificate } = await import('../../activities/certificate.js');
  try {
    return await generateCertificate(input);
  } catch (error) {
    throw asUsageErrorIfInvalidInput(error);
  }
}

/** A private task queue served by a worker inside this process: the password variable never leaves it. */
async function generateThroughTemporal(
  input: GenerateCertificateInput,
): Promise<{ result: GenerateCertificateResult; runUrl: string | undefined }> {
  const { Runtime } = await import('@temporalio/worker');
  const { createRedactingLogger } = await import('../../worker/redacting-logger.js');
  const { connectClient, connectNativeConnection, loadTemporalConfig } =
    await import('../../temporal/connection.js');
  const { createWorker } = await import('../../worker/create-worker.js');
  // Before any connection: keep the SDK's info-level chatter (webpack bundle stats) out of the CLI's output, and
  // handle Ctrl-C ourselves (below) instead of letting the runtime shut the worker down under a running workflow.
  Runtime.install({ logger: createRedactingLogger('WARN'), shutdownSignals: [] });
  const config = loadTemporalConfig();
  // The same converter as the in-process worker (createWorker's default): the input and result are encrypted.
  const client = await connectClient({ dataConverter: await createDataConverter() });
  const connection = await connectNativeConnection();
  try {
    const suffix = randomBytes(4).toString('hex');
    const taskQueue = `hybrid-cert-${suffix}`;
    const worker = await createWorker({ connection, namespace: config.namespace, taskQueue });
    const handle = await client.workflow.start<typeof certificateWorkflow>('certificateWorkflow', {
      workflowId: `certificate/${path.basename(input.outDir) || 'bundle'}-${suffix.slice(0, 6)}`,
      taskQueue,
      args: [input],
      ...runMetadata({ kind: 'certificate', detail: `**bundle** ${path.resolve(input.outDir)}` }),
      // Nobody else polls this task queue: if this process dies, the run times out instead of waiting forever.
      workflowRunTimeout: '10 minutes',
    });
    const uiBase = temporalUiBase(config.address);
    const runUrl =
      uiBase && workflowRunUrl(uiBase, config.namespace, handle.workflowId, handle.firstExecutionRunId);

    // Only this process serves the run's task queue, so leaving the run open would strand it: on Ctrl-C terminate
    // it, then die of the same signal. Not process.exit: Node waits at exit for thread-pool work such as an RSA key
    // generation in progress, which can take minutes. Handlers go at the first signal, so a second one kills at once.
    let interrupted = false;
    const onSignal = (signal: NodeJS.Signals) => {
      interrupted = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      console.error(
        `${signal}: terminating workflow ${handle.workflowId} (press Ctrl-C again to quit at once)`,
      );
      // Say what happened: a run that ended just before the signal cannot be terminated, and is not stranded.
      const die = (what: string) => {
        console.error(
          `hybrid: interrupted; workflow ${handle.workflowId} ${what}. ` +
            `If --out ${input.outDir} now holds some bundle files, run again with --force.`,
        );
        process.kill(process.pid, signal);
      };
      handle.terminate(`hybrid cert interrupted by ${signal}`).then(
        () => die('was terminated'),
        () => die('had already ended'),
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // Announced only now: whoever reads it may press Ctrl-C at once, and a signal before the handlers are in place
    // would kill the process without terminating the run.
    console.error(`Started workflow ${handle.workflowId}${runUrl ? `: ${runUrl}` : ''}`);
    try {
      return { result: await worker.runUntil(handle.result()), runUrl };
    } catch (error) {
      // The run was terminated by onSignal, which ends the process itself once the server confirmed it.
      if (interrupted) await new Promise<never>(() => undefined);
      throw asUsageErrorIfInvalidInput(error, runUrl);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } finally {
    await connection.close();
    await client.connection.close();
  }
}

/** The innermost Temporal ApplicationFailure in a cause chain (WorkflowFailedError > ActivityFailure > it). */
function applicationFailureIn(error: unknown): { type?: string | null; message: string } | undefined {
  let found: Error | undefined;
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'ApplicationFailure') found = e;
  }
  return found;
}

function asUsageErrorIfInvalidInput(error: unknown, runUrl?: string): Error {
  const failure = applicationFailureIn(error);
  if (failure?.type === 'InvalidInput') return new UsageError(failure.message);
  if (error instanceof Error && error.name === 'WorkflowFailedError') {
    return new Error(
      `the certificate workflow failed: ${failure?.message ?? (error.cause as Error | undefined)?.message ?? error.message}` +
        (runUrl ? `. Its history: ${runUrl}` : ''),
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

function printResult(result: GenerateCertificateResult, runUrl?: string): void {
  const lines = [
    'Certificate bundle written:',
    `  certificate         ${result.files.cert}`,
    `  certificate base64  ${result.files.certB64}`,
    `  encrypted key       ${result.files.key}`,
    `  encrypted key b64   ${result.files.keyB64}`,
    `Subject     ${result.subject}`,
    `SHA-256     ${result.sha256Fingerprint}`,
    `Not after   ${result.notAfter}`,
  ];
  if (runUrl) lines.push(`Temporal    ${runUrl}`);
  console.log(lines.join('\n'));
}
