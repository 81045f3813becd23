/**
 * The workflow-level series of the worker's metrics endpoint: provisioning runs by outcome, compensations,
 * and what each verification found.
 *
 * Through the workflow `metricMeter`: the SDK forwards its calls to the worker's runtime meter only when
 * the workflow is not replaying (its sink is registered with callDuringReplay: false), so a run replayed
 * after a cache eviction or on another worker is not counted twice. The meter adds the namespace, task
 * queue and workflow type labels itself.
 */
import { metricMeter } from '@temporalio/workflow';
import {
  compensationKind,
  METRICS,
  type CompensationOutcome,
  type RunOutcome,
} from '../observability/metric-names.js';

export function recordRunOutcome(outcome: RunOutcome): void {
  metricMeter
    .createCounter(METRICS.provisioningRuns, undefined, 'Provisioning runs by how they ended')
    .add(1, { outcome });
}

/** Called for each step the saga reports; the transient `compensating` state is not an outcome. */
export function recordCompensation(step: string, outcome: CompensationOutcome | 'compensating'): void {
  if (outcome === 'compensating') return;
  metricMeter
    .createCounter(METRICS.compensations, undefined, 'Compensations (undos) by resource kind and outcome')
    .add(1, { step: compensationKind(step), outcome });
}

/**
 * Sets the org's gauges from one verification. A field the report lacks (no identity provider, so no
 * certificate to date; a report from before the fields existed) leaves its gauge as it was.
 */
export function recordVerification(report: {
  org: string;
  driftItems?: number;
  certificateDaysRemaining?: number;
}): void {
  if (report.driftItems !== undefined) {
    metricMeter
      .createGauge(METRICS.driftItems, 'int', undefined, 'Drift items the last verification found')
      .set(report.driftItems, { org: report.org });
  }
  if (report.certificateDaysRemaining !== undefined) {
    metricMeter
      .createGauge(
        METRICS.certificateDaysRemaining,
        'float',
        undefined,
        "Days until the org's SAML certificate expires, as of the last verification",
      )
      .set(report.certificateDaysRemaining, { org: report.org });
  }
}
