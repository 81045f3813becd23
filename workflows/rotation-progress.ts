/** The state a rotation run keeps for the `rotationStatus` query: its steps and what it knows so far. */
import type {
  RotationRunStatus,
  RotationStatus,
  RotationStepName,
  RotationStepStatus,
} from '../provisioning/rotation-types.js';
import { failureMessage, failureType } from './provision-progress.js';

export const ROTATION_STEPS: readonly RotationStepName[] = [
  'preflight',
  'new-bundle',
  'trust-both',
  'grace',
  'trust-new-only',
  'install',
];

export class RotationProgress {
  private readonly status: RotationStatus;

  constructor(org: string, rotationDir: string) {
    this.status = {
      org,
      status: 'running',
      steps: ROTATION_STEPS.map((step) => ({ step, status: 'pending' })),
      rotationDir,
      finishRequested: false,
    };
  }

  set(step: string, status: RotationStepStatus, detail?: string): void {
    const row = this.status.steps.find((s) => s.step === step);
    if (!row) return;
    const now = new Date().toISOString();
    row.status = status;
    if (detail !== undefined) row.detail = detail;
    if (status === 'running' || status === 'compensating') row.startedAt = now;
    else row.endedAt = now;
  }

  setRunStatus(status: RotationRunStatus): void {
    this.status.status = status;
  }

  update(fields: Partial<Pick<RotationStatus, 'old' | 'new' | 'graceEndsAt' | 'finishRequested'>>): void {
    Object.assign(this.status, fields);
  }

  /** Runs one step, keeping its row current; the first failure is remembered for the query and the error. */
  async track<T>(step: RotationStepName, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
    this.set(step, 'running');
    try {
      const result = await run();
      this.set(step, 'done', describe(result));
      return result;
    } catch (err) {
      const message = failureMessage(err);
      this.set(step, 'failed', message);
      this.status.failure ??= { step, message, type: failureType(err) };
      throw err;
    }
  }

  view(): RotationStatus {
    // A copy, so the caller cannot change the run's state (queries must not mutate).
    return JSON.parse(JSON.stringify(this.status)) as RotationStatus;
  }
}
