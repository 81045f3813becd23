import type { FailureConverter } from '@temporalio/common';

/** `DefaultFailureConverter({ encodeCommonAttributes: true })`: failure messages and stack traces get encrypted. */
export declare const failureConverter: FailureConverter;
