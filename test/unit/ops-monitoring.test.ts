import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../observability/metric-names.js';
import { ALERTS_FILE, alertRules, dashboardExpressions, metricNamesIn } from '../support/ops-files.js';

const run = promisify(execFile);

async function promtool(): Promise<string | undefined> {
  try {
    await run('promtool', ['--version']);
    return 'promtool';
  } catch {
    return undefined;
  }
}

describe('example alert rules', () => {
  it('alert on certificate expiry under 30 days, drift present and a failed compensation', async () => {
    const rules = await alertRules();
    const expr = (name: string) => rules.find((r) => r.alert === name)?.expr;
    expect(expr('HybridCertificateExpiresSoon')).toMatch(/hybrid_certificate_days_remaining\)?\s*<\s*30\b/);
    expect(expr('HybridOrgDrifted')).toMatch(/hybrid_drift_items\)?\s*>\s*0\b/);
    expect(expr('HybridCompensationFailed')).toContain('hybrid_compensations_total{outcome="failed"}');
  });

  it('and the dashboard only use series the worker exports', async () => {
    const ours = new Set<string>(Object.values(METRICS));
    const expressions = [...(await alertRules()).map((r) => r.expr), ...(await dashboardExpressions())];
    const hybridNames = expressions.flatMap(metricNamesIn).filter((n) => n.startsWith('hybrid_'));
    expect(hybridNames.length).toBeGreaterThan(0);
    for (const name of hybridNames) expect(ours, name).toContain(name);
    // Every one of our series is on the dashboard.
    for (const name of ours) expect(hybridNames, name).toContain(name);
  });

  // Runs where promtool is installed (.ci/run extracts it from Debian's prometheus package); skipped elsewhere,
  // but never in CI, where a missing promtool would silently drop the check.
  it('pass `promtool check rules`', async (context) => {
    const tool = await promtool();
    if (!tool && process.env['CI']) throw new Error('promtool is not on PATH: .ci/run should have fetched it');
    if (!tool) context.skip();
    const { stdout } = await run(tool!, ['check', 'rules', ALERTS_FILE]);
    expect(stdout).toContain('SUCCESS: 4 rules found');
  });
});
