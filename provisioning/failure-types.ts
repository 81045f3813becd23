/**
 * Failure types that retrying cannot fix. Activities raise them (activities/failures.ts) and the workflow's
 * retry policies list them, so both sides read this one list. No imports: the workflow bundle includes it.
 */
export const NON_RETRYABLE_FAILURE_TYPES = [
  'InvalidInput',
  'AlreadyExists',
  'IssuerConflict',
  'VerificationFailed',
  'GenesysBadRequest',
  'GenesysForbidden',
  'GenesysNotFound',
  'GenesysConflict',
  'GenesysUnauthorized',
] as const;

export type NonRetryableFailureType = (typeof NON_RETRYABLE_FAILURE_TYPES)[number];
