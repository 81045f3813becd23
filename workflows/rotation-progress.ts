/** The state a rotation run keeps for the `rotationStatus` query: its steps and what it knows so far. */
import type { RotationRunStatus, RotationStatus, RotationStepName } from '../provisioning/rotation-types.js';
import { StepTable } from './step-table.js';

export const ROTATION_STEPS: readonly RotationStepName[] = [
  'preflight',
  'new-bundle',
  'trust-both',
  'grace',
  'trust-new-only',
  'install',
];

type RotationFacts = Pick<RotationStatus, 'old' | 'new' | 'graceEndsAt' | 'finishRequested'>;

export class RotationProgress extends StepTable<RotationStepName, RotationRunStatus> {
  private facts: RotationFacts = { finishRequested: false };

  constructor(
    private readonly org: string,
    private readonly rotationDir: string,
    onRunStatus?: (status: RotationRunStatus) => void,
  ) {
    super(ROTATION_STEPS, 'running', onRunStatus);
  }

  update(fields: Partial<RotationFacts>): void {
    this.facts = { ...this.facts, ...fields };
  }

  override view(): RotationStatus {
    const { status, steps, failure } = super.view();
    return {
      org: this.org,
      status,
      steps,
      rotationDir: this.rotationDir,
      ...structuredCopy(this.facts),
      ...(failure && { failure }),
    };
  }
}

/** The facts are plain data (identities, ISO times): a JSON round trip copies them for the query. */
function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
