import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type * as activities from './activities.js';

const { echoSecret, failWithSecret } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});

/**
 * Carries a secret through every place a payload or failure is recorded: workflow input, a workflow failure (the
 * first run attempt fails on purpose, so the start must set a retry policy), an activity failure, activity input
 * and result, and the workflow result.
 */
export async function carrySecretThroughHistory(secret: string): Promise<string> {
  if (workflowInfo().attempt === 1) {
    throw ApplicationFailure.retryable(
      `first attempt fails on purpose with ${secret}`,
      'CodecTestWorkflowFailure',
      {
        secret,
      },
    );
  }
  try {
    await failWithSecret(secret);
  } catch (error) {
    // The worker must have decrypted the failure: its message is readable again inside the workflow.
    const decrypted = error instanceof ActivityFailure && (error.cause?.message.includes(secret) ?? false);
    if (!decrypted)
      throw ApplicationFailure.nonRetryable('activity failure message was not decrypted', 'CodecBroken');
  }
  return echoSecret(secret);
}
