// `hybrid plan --spec FILE [--json]`: what provisioning would create, change or leave alone; writes nothing.
import type { Command } from 'commander';
import { formatPlan } from '../../drift/format.js';
import { planProvisioning } from '../../drift/plan.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import { loadCheckedSpec } from '../provisioning-session.js';
import {
  ALLOW_CUSTOM_ENVIRONMENT,
  ALLOW_OUTPUT_OUTSIDE_SPEC,
  specTrustOf,
  type SpecTrustFlags,
} from '../spec-trust-options.js';

export function register(program: Command): void {
  program
    .command('plan')
    .description('Show what provisioning would create, change or leave alone in the org (reads only)')
    .requiredOption('--spec <file>', 'the provisioning spec (YAML), e.g. examples/demo-org.yaml')
    .option(...ALLOW_CUSTOM_ENVIRONMENT)
    .option(...ALLOW_OUTPUT_OUTSIDE_SPEC)
    .option('--json', 'print the items as JSON: [{ kind, name, action, details }]')
    .action(async (flags: SpecTrustFlags & { spec: string; json?: boolean }) => {
      const { spec, secrets } = await loadCheckedSpec(flags.spec, specTrustOf(flags));
      const items = await planProvisioning(toProvisionInput(spec, secrets));
      console.log(flags.json ? JSON.stringify(items, null, 2) : formatPlan(spec.org, items));
    });
}
