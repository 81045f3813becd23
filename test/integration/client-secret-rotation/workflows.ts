// The workflows the client-secret rotation tests run, bundled on their own.
export { provisionWorkflow } from '../../../workflows/provision.js';
export { rotateClientSecretWorkflow } from '../../../workflows/rotate-client-secret.js';
