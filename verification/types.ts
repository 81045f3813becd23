/**
 * Verification's input and report. They cross the Temporal boundary (workflow argument, activity result,
 * schedule action arguments), so plain data only; the workflow imports this file for types only.
 */
import type { ProvisionInput } from '../provisioning/types.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface ExpiryThresholds {
  /** Fewer days than this before the certificate expires: warn. */
  warnDays: number;
  /** Fewer days than this: fail. */
  failDays: number;
}

export const DEFAULT_EXPIRY_THRESHOLDS: ExpiryThresholds = { warnDays: 90, failDays: 30 };

export interface VerifyInput {
  /** What the org should look like: the same input provisioning takes (and what remediation runs). */
  provision: ProvisionInput;
  /** A user to sign in as through the SAML2 bearer grant, end to end; absent: that check is skipped. */
  testUser?: { email: string };
  expiry: ExpiryThresholds;
  /** Start provisioning (`provision/<org>`) when the org drifted from the spec. */
  remediate: boolean;
}

export interface VerificationCheck {
  /** `<kind>:<name>` for drift items, `certificate:expiry`, `idp:…`, `saml-bearer:<email>`. */
  name: string;
  status: CheckStatus;
  details: string[];
}

export interface VerificationReport {
  org: string;
  /** ISO-8601, the activity's clock. */
  checkedAt: string;
  status: CheckStatus;
  checks: VerificationCheck[];
  /** How many resources differ from the spec (the drift checks); the worker's `hybrid_drift_items` gauge. */
  driftItems?: number;
  /** Whole days until the published certificate expires (negative once expired); absent without one. */
  certificateDaysRemaining?: number;
}

export interface VerifyResult extends VerificationReport {
  /** Set when `remediate` started (or attached to) a provisioning run. */
  remediation?: { workflowId: string; runId: string };
}
