/**
 * The search attributes every org-level run carries, so the Temporal UI can list runs by org, environment and
 * status (`HybridOrg = "demo" AND HybridStatus = "compensated"`).
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { HybridEnvironment, HybridOrg, HybridStatus } from '../temporal/search-attributes.js';

/** Tags the run with its org and environment and marks it running; returns the status setter. */
export function tagOrgRun(org: string, environment: string): (status: string) => void {
  upsertSearchAttributes([
    { key: HybridOrg, value: org },
    { key: HybridEnvironment, value: environment },
    { key: HybridStatus, value: 'running' },
  ]);
  return (status: string) => upsertSearchAttributes([{ key: HybridStatus, value: status }]);
}
