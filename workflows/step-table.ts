/**
 * The step table every org-level run keeps for its query (CLI progress, `hybrid status`, the UI): one row per
 * step, the run's status and its first failure. Provisioning and rotation both use it; the run status is also
 * handed to `onRunStatus` (the HybridStatus search attribute), so the query and the UI's list never disagree.
 */
import type { StepFailure, StepStatus } from '../provisioning/types.js';

export interface StepRow<Step extends string> {
  step: Step;
  status: StepStatus;
  /** What the step did (created, adopted, unchanged) or why it failed. */
  detail?: string;
  startedAt?: string;
  endedAt?: string;
}

export interface StepTableView<Step extends string, Status extends string> {
  status: Status;
  steps: StepRow<Step>[];
  failure?: StepFailure;
}

export class StepTable<Step extends string, Status extends string> {
  private readonly rows: StepRow<Step>[];
  private status: Status;
  private failure: StepFailure | undefined;

  constructor(
    steps: readonly Step[],
    initial: Status,
    private readonly onRunStatus: (status: Status) => void = () => undefined,
  ) {
    this.rows = steps.map((step) => ({ step, status: 'pending' }));
    this.status = initial;
  }

  /** Updates one row; a step the table does not list (none today) is ignored rather than added. */
  set(step: string, status: StepStatus, detail?: string): void {
    const row = this.rows.find((s) => s.step === step);
    if (!row) return;
    const now = new Date().toISOString();
    row.status = status;
    if (detail !== undefined) row.detail = detail;
    if (status === 'running' || status === 'compensating') row.startedAt = now;
    else row.endedAt = now;
  }

  setRunStatus(status: Status): void {
    this.status = status;
    this.onRunStatus(status);
  }

  /** Marks the step failed; the first failure of the run is the one the run reports. */
  fail(step: Step, err: unknown): void {
    const message = failureMessage(err);
    this.set(step, 'failed', message);
    this.failure ??= { step, message, type: failureType(err) };
  }

  get firstFailure(): StepFailure | undefined {
    return this.failure;
  }

  /** Runs one step, keeping its row current. */
  async track<T>(step: Step, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
    this.set(step, 'running');
    try {
      const result = await run();
      this.set(step, 'done', describe(result));
      return result;
    } catch (err) {
      this.fail(step, err);
      throw err;
    }
  }

  /** A copy: a query handler must not hand out the run's own state. */
  view(): StepTableView<Step, Status> {
    return {
      status: this.status,
      steps: this.rows.map((s) => ({ ...s })),
      ...(this.failure && { failure: { ...this.failure } }),
    };
  }
}

/** The innermost message: an activity failure's cause says what went wrong, the wrapper only where. */
export function failureMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** The innermost failure type (ApplicationFailure.type) on the cause chain, if any. */
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
