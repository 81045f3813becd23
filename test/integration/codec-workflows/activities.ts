import { ApplicationFailure } from '@temporalio/common';

/** Returns its input, so the secret travels as an activity input and result. */
export async function echoSecret(secret: string): Promise<string> {
  return secret;
}

/** Fails with the secret in the message and in the details, so the failure must be encrypted to stay secret. */
export async function failWithSecret(secret: string): Promise<never> {
  throw ApplicationFailure.nonRetryable(`activity refuses to handle ${secret}`, 'CodecTestActivityFailure', {
    secret,
  });
}
