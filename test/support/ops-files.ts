/**
 * The shipped monitoring examples (ops/prometheus/alerts.yml, ops/grafana/hybrid-provisioner.json) and the
 * metric names their expressions use, for the tests that check those names exist.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ALERTS_FILE = fileURLToPath(new URL('../../ops/prometheus/alerts.yml', import.meta.url));
export const DASHBOARD_FILE = fileURLToPath(
  new URL('../../ops/grafana/hybrid-provisioner.json', import.meta.url),
);

export interface AlertRule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export async function alertRules(): Promise<AlertRule[]> {
  const doc = parse(await readFile(ALERTS_FILE, 'utf8')) as {
    groups: { name: string; rules: AlertRule[] }[];
  };
  return doc.groups.flatMap((g) => g.rules);
}

export async function dashboardExpressions(): Promise<string[]> {
  const dashboard = JSON.parse(await readFile(DASHBOARD_FILE, 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

/**
 * Our and Temporal's series named in a PromQL expression, as exposed (a histogram's `_bucket` series is
 * named by its histogram). Functions, label names and keywords are not metric names: only words with the
 * `hybrid_` or `temporal_` prefix are.
 */
export function metricNamesIn(expr: string): string[] {
  const names = expr.match(/\b(?:hybrid|temporal)_[a-z0-9_]+/g) ?? [];
  return [...new Set(names.map((n) => n.replace(/_bucket$/, '')))];
}
