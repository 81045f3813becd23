import type { TestProject } from 'vitest/node';
import { startEmulator, type RunningEmulator } from '../../../emulator/server.js';

/**
 * vitest globalSetup: one emulator on a free port for the whole integration run. Tests read
 * `inject('emulatorUrl')`, `inject('emulatorAdminClientId')` and `inject('emulatorAdminClientSecret')`
 * (keys declared in test/integration/provided.d.ts). `EMULATOR_RATE_LIMIT` overrides the per-token limit.
 */
let emulator: RunningEmulator | undefined;

type Provide = (key: string, value: string) => void;

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const rateLimit = process.env.EMULATOR_RATE_LIMIT;
  emulator = await startEmulator({
    port: 0,
    rateLimitPerMinute: rateLimit === undefined ? undefined : Number(rateLimit),
  });
  // The keys are typed by provided.d.ts; this cast keeps the setup compiling on its own.
  const provide = project.provide.bind(project) as unknown as Provide;
  provide('emulatorUrl', emulator.url);
  provide('emulatorAdminClientId', emulator.adminClientId);
  provide('emulatorAdminClientSecret', emulator.adminClientSecret);
  return async () => {
    await emulator?.close();
    emulator = undefined;
  };
}
