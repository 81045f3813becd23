/** Every activity the provisioning workflow calls; the workflow imports this module's types only. */
export { inspectOrg } from './inspect-org.js';
export { ensureCertificate, prepareCertificate, removeCertificate } from './provision-certificate.js';
export { ensureOAuthClient, undoOAuthClient } from './oauth-client.js';
export { ensureIdentityProvider, restoreIdentityProvider } from './identity-provider.js';
export { grantRolePermissions, revokeRolePermissions } from './role-permissions.js';
export { ensureAdmin, undoAdmin } from './admin.js';
export { describeOpenRun } from './org-runs.js';
