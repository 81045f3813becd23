/**
 * What `plan` prints and `verify` reports for each managed resource: the decisions (decisions/) rendered
 * as one item per resource. Plain data only, so a report can travel through Temporal history.
 */
import type { ResourceKind } from '../decisions/changes.js';

/** The managed resources, and the provisioning client itself when its rights would make the preflight refuse. */
export type DriftKind = ResourceKind | 'provisioning-client';
export type DriftAction = 'create' | 'change' | 'none';

/** One resource provisioning manages: what it would do to it, and why. */
export interface DriftItem {
  kind: DriftKind;
  name: string;
  action: DriftAction;
  /** Each difference in one line; empty when the action is none. */
  details: string[];
}
