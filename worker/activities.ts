// Every activity the worker registers, gathered from the activity modules (one module per concern).
import * as certificateActivities from '../activities/certificate.js';
import * as provisioningActivities from '../activities/provisioning.js';

export const activities = {
  ...certificateActivities,
  ...provisioningActivities,
};

export type Activities = typeof activities;
