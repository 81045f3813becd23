// The workflows the rotation tests run, bundled on their own so the tests do not depend on every workflow in
// workflows/index.ts.
export { provisionWorkflow } from '../../workflows/provision.js';
export { rotateCertificateWorkflow } from '../../workflows/rotate.js';
