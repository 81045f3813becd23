/**
 * The project's own Prometheus series: names, label values and the rules that keep their label sets small.
 * Pure (no imports): the workflow bundle, the activities and the tests that scrape the endpoint all use it,
 * and the alert rules in ops/prometheus/alerts.yml are checked against these names.
 */

export const METRICS = {
  provisioningRuns: 'hybrid_provisioning_runs_total',
  compensations: 'hybrid_compensations_total',
  genesysRequests: 'hybrid_genesys_requests_total',
  genesysRateLimited: 'hybrid_genesys_rate_limited_total',
  driftItems: 'hybrid_drift_items',
  certificateDaysRemaining: 'hybrid_certificate_days_remaining',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** How a provisioning run ended: `compensated` = failed and every change undone, `failed` = something was left. */
export type RunOutcome = 'completed' | 'compensated' | 'failed' | 'cancelled';

/** How one undo ended (the saga's per-step outcomes, without the transient `compensating`). */
export type CompensationOutcome = 'compensated' | 'failed';

/**
 * The `step` label of a compensation: the resource kind (`oauth-client`), never the full step name, which
 * carries user data (`oauth-client:PureEngage WDE`, `admin:jane@example.com`) and would grow one series per
 * resource ever provisioned.
 */
export function compensationKind(step: string): string {
  const colon = step.indexOf(':');
  return colon === -1 ? step : step.slice(0, colon);
}
