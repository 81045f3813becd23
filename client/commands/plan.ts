// `hybrid plan --spec FILE [--json]`: what provisioning would create, change or leave alone; writes nothing.
import type { Command } from 'commander';
import { formatPlan } from '../../drift/format.js';
import { planProvisioning } from '../../drift/plan.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import { loadCheckedSpec } from '../provisioning-session.js';

export function register(program: Command): void {
  program
    .command('plan')
    .description('Show what provisioning would create, change or leave alone in the org (reads only)')
    .requiredOption('--spec <file>', 'the provisioning spec (YAML), e.g. examples/demo-org.yaml')
    .option('--json', 'print the items as JSON: [{ kind, name, action, details }]')
    .action(async (flags: { spec: string; json?: boolean }) => {
      const { spec, secrets } = await loadCheckedSpec(flags.spec);
      const items = await planProvisioning(toProvisionInput(spec, secrets));
      console.log(flags.json ? JSON.stringify(items, null, 2) : formatPlan(spec.org, items));
    });
}
