// Every activity the worker registers, gathered from the activity modules (one module per concern).
import * as certificateActivities from '../activities/certificate.js';
import * as clientSecretRotationActivities from '../activities/client-secret-rotation.js';
import * as provisioningActivities from '../activities/provisioning.js';
import * as rotationActivities from '../activities/rotation.js';
import * as verificationActivities from '../activities/verify-org.js';

export const activities = {
  ...certificateActivities,
  ...provisioningActivities,
  ...rotationActivities,
  ...clientSecretRotationActivities,
  ...verificationActivities,
};

export type Activities = typeof activities;
