import type { TestProject } from 'vitest/node';
import { startEmulator, type RunningEmulator } from '../../../emulator/server.js';

/**
 * vitest globalSetup: one emulator on a free port for the whole integration run. Tests read
 * `inject('emulatorUrl')`, `inject('emulatorAdminClientId')` and `inject('emulatorAdminClientSecret')`
 * (keys declared in test/integration/provided.d.ts). `EMULATOR_RATE_LIMIT` overrides the per-token limit.
 */
let emulator: RunningEmulator | undefined;

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const rateLimit = process.env.EMULATOR_RATE_LIMIT;
  const rateLimitPerMinute = rateLimit === undefined || rateLimit === '' ? undefined : Number(rateLimit);
  if (
    rateLimitPerMinute !== undefined &&
    !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute >= 0)
  ) {
    throw new Error(
      `EMULATOR_RATE_LIMIT must be a whole number of requests per minute (0 = off), got "${rateLimit}"`,
    );
  }
  emulator = await startEmulator({ port: 0, rateLimitPerMinute });
  project.provide('emulatorUrl', emulator.url);
  project.provide('emulatorAdminClientId', emulator.adminClientId);
  project.provide('emulatorAdminClientSecret', emulator.adminClientSecret);
  return async () => {
    await emulator?.close();
    emulator = undefined;
  };
}
