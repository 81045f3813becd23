// Entry point of the workflow bundle: every workflow the worker runs is exported from here.
export { certificateWorkflow } from './certificate.js';
export { provisionWorkflow } from './provision.js';
export { verifyWorkflow } from './verify.js';
export { rotateCertificateWorkflow } from './rotate.js';
export { rotateClientSecretWorkflow } from './rotate-client-secret.js';
