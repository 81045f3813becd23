import type { TestProject } from 'vitest/node';
import { startEmulator, type RunningEmulator } from '../../../emulator/server.js';
import { emulatorOptionsFromEnv } from './emulator-options.js';

/**
 * vitest globalSetup: one emulator on a free port shared by the integration files that leave its emulator-wide
 * settings alone (files that set faults, lag or read the request log start their own: support/own-emulator.ts).
 * Tests read `inject('emulatorUrl')`, `inject('emulatorAdminClientId')` and `inject('emulatorAdminClientSecret')`
 * (keys declared in test/integration/provided.d.ts). `EMULATOR_RATE_LIMIT` overrides the per-token limit.
 */
let emulator: RunningEmulator | undefined;

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  emulator = await startEmulator(emulatorOptionsFromEnv());
  project.provide('emulatorUrl', emulator.url);
  project.provide('emulatorAdminClientId', emulator.adminClientId);
  project.provide('emulatorAdminClientSecret', emulator.adminClientSecret);
  return async () => {
    await emulator?.close();
    emulator = undefined;
  };
}
