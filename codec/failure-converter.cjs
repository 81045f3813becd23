/* global require, exports */
// Failure converter for `DataConverter.failureConverterPath`. With `encodeCommonAttributes` the failure message
// and stack trace move into an encoded payload, which the payload codec then encrypts: without it they would be
// stored in plaintext in workflow history.
//
// CommonJS on purpose: the Temporal worker loads this file with a plain `require()` in the main thread (activity
// failures) and webpack bundles it into the workflow sandbox (workflow failures). A `.cjs` file works in both
// without a TypeScript loader, under tsx, vitest and plain node alike.
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module by design (see above)
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
