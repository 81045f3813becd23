/** Every activity the certificate rotation workflow calls; the workflow imports this module's types only. */
import { withLiveness } from './liveness.js';
import * as bundle from './rotation-bundle.js';

export { inspectRotation, trustCertificates, restoreRotatedProvider } from './rotation-provider.js';
export { describeOpenRun } from './org-runs.js';

// The provider activities heartbeat through mapFailures; these file activities do too, because the workflow
// gives every rotation activity a heartbeat timeout (a dead worker is noticed in seconds, not minutes).
export const generateRotationBundle = withLiveness(bundle.generateRotationBundle);
export const removeRotationBundle = withLiveness(bundle.removeRotationBundle);
export const recordRotation = withLiveness(bundle.recordRotation);
export const installRotatedBundle = withLiveness(bundle.installRotatedBundle);
export const uninstallRotatedBundle = withLiveness(bundle.uninstallRotatedBundle);
