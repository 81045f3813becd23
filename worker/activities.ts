// Every activity the worker registers, gathered from the activity modules (one module per concern).
import * as certificateActivities from '../activities/certificate.js';

export const activities = {
  ...certificateActivities,
};

export type Activities = typeof activities;
