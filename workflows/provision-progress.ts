/** The step table a provisioning run keeps for the `progress` query (CLI progress, UI inspection). */
import type { ProvisionProgress, ProvisionStatus, StepName } from '../provisioning/types.js';
import { StepTable } from './step-table.js';

export class ProgressTable extends StepTable<StepName, ProvisionStatus> {
  constructor(
    private readonly org: string,
    steps: StepName[],
    onRunStatus?: (status: ProvisionStatus) => void,
  ) {
    super(steps, 'running', onRunStatus);
  }

  override view(): ProvisionProgress {
    return { org: this.org, ...super.view() };
  }
}
