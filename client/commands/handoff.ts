// `hybrid handoff <org> [--format md|json|html] [--out DIR] [--spec FILE] [--show-secrets]`: everything the
// PureEngage side needs from the org's latest completed provisioning run, printed and written with a manifest
// that `hybrid verify` compares against the org later.
import type { Command } from 'commander';
import { slug } from '../../secrets/client-secret-file.js';
import { buildHandoff, IncompleteResultError } from '../../handoff/document.js';
import { defaultHandoffDir, manifestOf, writeHandoff } from '../../handoff/manifest.js';
import { HANDOFF_FORMATS, renderHandoff, type HandoffFormat } from '../../handoff/render.js';
import { SpecError } from '../../spec/errors.js';
import { loadSpecFile } from '../../spec/load.js';
import type { ProvisioningSpec } from '../../spec/schema.js';
import { readCurrentCertificate, readSecretFiles, specHandoffOptions } from '../handoff-sources.js';
import { provisionHandle, readCompletedRun } from '../provisioning-runs.js';
import { withTemporal } from '../provisioning-session.js';
import {
  ALLOW_CUSTOM_ENVIRONMENT,
  ALLOW_OUTPUT_OUTSIDE_SPEC,
  specTrustOf,
  type SpecTrustFlags,
} from '../spec-trust-options.js';
import { UsageError } from '../usage-error.js';

interface HandoffFlags extends SpecTrustFlags {
  format: string;
  out?: string;
  spec?: string;
  showSecrets?: boolean;
}

function formatOf(text: string): HandoffFormat {
  if ((HANDOFF_FORMATS as readonly string[]).includes(text)) return text as HandoffFormat;
  throw new UsageError(`--format must be one of ${HANDOFF_FORMATS.join(', ')} (got "${text}")`);
}

async function specOf(flags: HandoffFlags, org: string): Promise<ProvisioningSpec | undefined> {
  const path = flags.spec;
  if (!path) return undefined;
  let spec: ProvisioningSpec;
  try {
    // The same trust as the spec was provisioned with: handoff names its environment's hosts and output files.
    spec = await loadSpecFile(path, specTrustOf(flags));
  } catch (error) {
    if (error instanceof SpecError) throw new UsageError(error.message);
    throw error;
  }
  if (spec.org !== org) throw new UsageError(`--spec ${path} is for org ${spec.org}, not ${org}`);
  return spec;
}

export function register(program: Command): void {
  program
    .command('handoff <org>')
    .description(
      "Write what the PureEngage side needs from the org's latest provisioning run: org name and id, hosts, " +
        'OAuth clients, identity provider, certificate files, a Transaction object template, a network checklist',
    )
    .option('--format <format>', `md, json or html`, 'md')
    .option('--out <dir>', 'folder for the handoff and its manifest (default <output>/handoff of the run)')
    .option('--spec <file>', "the org's spec: its handoff.transactionObject names and key password reference")
    .option(...ALLOW_CUSTOM_ENVIRONMENT)
    .option(...ALLOW_OUTPUT_OUTSIDE_SPEC)
    .option(
      '--show-secrets',
      'put the client secrets themselves into the handoff (read from the secret files)',
    )
    .action(async (org: string, flags: HandoffFlags) => {
      const format = formatOf(flags.format);
      const spec = await specOf(flags, org);
      await withTemporal(async ({ client }) => {
        const handle = provisionHandle(client, org);
        const { runId, result } = await readCompletedRun(handle, org);
        let doc;
        try {
          doc = buildHandoff({
            result,
            run: { workflowId: handle.workflowId, runId },
            generatedAt: new Date().toISOString(),
            secretFiles: await readSecretFiles(result),
            ...specHandoffOptions(spec),
            showSecrets: flags.showSecrets === true,
            currentCertificate: await readCurrentCertificate(result),
            slug,
          });
        } catch (error) {
          if (error instanceof IncompleteResultError) throw new UsageError(error.message);
          throw error;
        }
        const rendered = renderHandoff(doc, format);
        const dir = flags.out ?? defaultHandoffDir(result.artifactsDir);
        const written = await writeHandoff(dir, `handoff.${format}`, rendered, manifestOf(doc));
        process.stdout.write(rendered);
        console.error(
          `Wrote ${written.handoff} and ${written.manifest}; hybrid verify reports when it goes stale` +
            (flags.out ? ` (it looks in ${defaultHandoffDir(result.artifactsDir)})` : ''),
        );
      });
    });
}
