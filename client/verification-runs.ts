/** Running the verification workflow now, and the flags the verify and schedule commands share. */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { ExpiryThresholds, VerifyInput, VerifyResult } from '../verification/types.js';
import { DEFAULT_EXPIRY_THRESHOLDS } from '../verification/types.js';
import { verifyWorkflowId } from '../workflows/verify-api.js';
import type { verifyWorkflow } from '../workflows/verify.js';
import { runMetadata, type RunMetadata } from '../temporal/run-metadata.js';
import { UsageError } from './usage-error.js';

/** Runs verify/<org> to its end, or waits for the run already open under that id. */
export async function runVerification(
  client: Client,
  input: VerifyInput,
  taskQueue: string,
  specFile?: string,
): Promise<VerifyResult> {
  const handle = await client.workflow.start<typeof verifyWorkflow>('verifyWorkflow', {
    workflowId: verifyWorkflowId(input.provision.org),
    taskQueue,
    args: [input],
    ...verifyRunMetadata(input, specFile),
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  return handle.result();
}

/** The UI label of a verification run, started now or by the org's schedule. */
export function verifyRunMetadata(input: VerifyInput, specFile?: string): RunMetadata {
  const { org, target } = input.provision;
  return runMetadata({
    kind: 'verify',
    org,
    environment: target.environment,
    specFile,
    ...(input.remediate && { detail: 'repairs drift (--remediate)' }),
  });
}

export interface VerifyFlags {
  warnDays?: string;
  failDays?: string;
  remediate?: boolean;
}

export function addVerifyOptions(command: Command): Command {
  return command
    .option(
      '--warn-days <n>',
      `warn when the certificate expires in fewer days (default ${DEFAULT_EXPIRY_THRESHOLDS.warnDays})`,
    )
    .option(
      '--fail-days <n>',
      `fail when it expires in fewer days (default ${DEFAULT_EXPIRY_THRESHOLDS.failDays})`,
    )
    .option(
      '--remediate',
      'when the org drifted from the spec, start provisioning (provision/<org>) to repair it',
    );
}

function days(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new UsageError(`${flag} "${value}" must be a whole number of days, e.g. ${flag} ${fallback}`);
  return Number(value);
}

export function expiryOf(flags: VerifyFlags): ExpiryThresholds {
  const expiry = {
    warnDays: days('--warn-days', flags.warnDays, DEFAULT_EXPIRY_THRESHOLDS.warnDays),
    failDays: days('--fail-days', flags.failDays, DEFAULT_EXPIRY_THRESHOLDS.failDays),
  };
  if (expiry.failDays > expiry.warnDays) {
    throw new UsageError(`--fail-days (${expiry.failDays}) must not exceed --warn-days (${expiry.warnDays})`);
  }
  return expiry;
}
