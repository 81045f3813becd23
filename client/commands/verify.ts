// `hybrid verify --spec FILE [--json]`: verify the org now through Temporal. Exit 0 all ok, 1 drift or failure.
import type { Command } from 'commander';
import { toVerifyInput } from '../../verification/spec-to-verify-input.js';
import { loadCheckedSpec, taskQueueOf, withTemporal } from '../provisioning-session.js';
import {
  ALLOW_CUSTOM_ENVIRONMENT,
  ALLOW_OUTPUT_OUTSIDE_SPEC,
  specTrustOf,
  type SpecTrustFlags,
} from '../spec-trust-options.js';
import { addVerifyOptions, expiryOf, runVerification, type VerifyFlags } from '../verification-runs.js';
import { formatReport, notOkSummary } from '../verification-report.js';

interface Flags extends VerifyFlags, SpecTrustFlags {
  spec: string;
  json?: boolean;
  taskQueue?: string;
}

export function register(program: Command): void {
  addVerifyOptions(
    program
      .command('verify')
      .description(
        'Check the org against its spec now (read-only): drift, certificate expiry, SSO checklist, SAML sign-in',
      )
      .requiredOption('--spec <file>', 'the provisioning spec (YAML), e.g. examples/demo-org.yaml')
      .option(...ALLOW_CUSTOM_ENVIRONMENT)
      .option(...ALLOW_OUTPUT_OUTSIDE_SPEC)
      .option('--json', 'print the report as JSON')
      .option(
        '--task-queue <name>',
        'task queue of the workers (default HYBRID_TASK_QUEUE or hybrid-provisioner)',
      ),
  ).action(async (flags: Flags) => {
    const expiry = expiryOf(flags);
    const { spec, secrets } = await loadCheckedSpec(flags.spec, specTrustOf(flags));
    const input = toVerifyInput(spec, secrets, { expiry, remediate: flags.remediate });
    const report = await withTemporal(({ client }) =>
      runVerification(client, input, taskQueueOf(flags.taskQueue), flags.spec),
    );
    console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report));
    // Thrown after printing: the CLI turns it into exit code 1 with this one-line reason on stderr.
    if (report.status !== 'ok') throw new Error(notOkSummary(report));
  });
}
