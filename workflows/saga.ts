/**
 * A compensation stack. Each step registers its undo before it starts (the undo is derived from the
 * preflight snapshot, so it is correct whether the step finished, half-ran or never ran); on a failure the
 * undos run newest first, in a non-cancellable scope so that a cancelled workflow still cleans up.
 */
import { CancellationScope, log } from '@temporalio/workflow';
import { failureMessage } from './step-table.js';

export interface Compensation {
  step: string;
  undo: () => Promise<void>;
}

export class Saga {
  private readonly stack: Compensation[] = [];

  add(step: string, undo: () => Promise<void>): void {
    this.stack.unshift({ step, undo });
  }

  get size(): number {
    return this.stack.length;
  }

  /**
   * Runs every undo, newest first. An undo that fails is logged and the rest still run: leaving one thing
   * behind is better than leaving everything behind. Returns the steps whose undo failed.
   */
  async compensate(
    onStep: (step: string, outcome: 'compensating' | 'compensated' | 'failed', error?: string) => void,
  ): Promise<string[]> {
    const failed: string[] = [];
    await CancellationScope.nonCancellable(async () => {
      for (const { step, undo } of this.stack) {
        onStep(step, 'compensating');
        try {
          await undo();
          onStep(step, 'compensated');
        } catch (err) {
          const message = failureMessage(err);
          log.error('compensation failed', { step, error: message });
          onStep(step, 'failed', message);
          failed.push(step);
        }
      }
    });
    return failed;
  }
}
