/** The step table a provisioning run keeps for the `progress` query (CLI progress, UI inspection). */
import type {
  ProvisionProgress,
  ProvisionStatus,
  StepName,
  StepProgress,
  StepStatus,
} from '../provisioning/types.js';

export class ProgressTable {
  private readonly steps: StepProgress[];
  private status: ProvisionStatus = 'running';
  private failure: ProvisionProgress['failure'];

  constructor(
    private readonly org: string,
    steps: StepName[],
  ) {
    this.steps = steps.map((step) => ({ step, status: 'pending' }));
  }

  set(step: string, status: StepStatus, detail?: string): void {
    const row = this.steps.find((s) => s.step === step);
    if (!row) return;
    const now = new Date().toISOString();
    row.status = status;
    if (detail !== undefined) row.detail = detail;
    if (status === 'running' || status === 'compensating') row.startedAt = now;
    else row.endedAt = now;
  }

  setRunStatus(status: ProvisionStatus, failure?: ProvisionProgress['failure']): void {
    this.status = status;
    if (failure) this.failure = failure;
  }

  /** Runs one step, keeping its row current. */
  async track<T>(step: StepName, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
    this.set(step, 'running');
    try {
      const result = await run();
      this.set(step, 'done', describe(result));
      return result;
    } catch (err) {
      const message = failureMessage(err);
      this.set(step, 'failed', message);
      this.failure ??= { step, message, type: failureType(err) };
      throw err;
    }
  }

  view(): ProvisionProgress {
    return {
      org: this.org,
      status: this.status,
      steps: this.steps.map((s) => ({ ...s })),
      failure: this.failure,
    };
  }
}

/** The innermost message: an activity failure's cause says what went wrong, the wrapper only where. */
export function failureMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

export function failureType(err: unknown): string | undefined {
  let current: unknown = err;
  let type: string | undefined;
  while (current instanceof Error) {
    const t = (current as { type?: unknown }).type;
    if (typeof t === 'string') type = t;
    current = current.cause;
  }
  return type;
}
