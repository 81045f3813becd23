/**
 * An emulator of this test file's own, for the files that change emulator-wide settings: faults, the consistency
 * lag, the request log. Integration files run in parallel, so on the shared emulator of the global setup
 * (`inject('emulatorUrl')`) one file's 503 storm or latency would hit another file's run. Started at import
 * (top-level await in the test file), on a free port, with the global setup's options; closed after the file.
 */
import { afterAll } from 'vitest';
import { EmulatorControlClient } from '../../../emulator/control-client.js';
import { startEmulator, type EmulatorOptions } from '../../../emulator/server.js';
import { emulatorOptionsFromEnv } from '../setup/emulator-options.js';

/** Call at the top level of a test file: `const emulator = await ownEmulator();`. */
export async function ownEmulator(
  options: Pick<EmulatorOptions, 'rateLimitPerMinute'> = {},
): Promise<EmulatorControlClient> {
  const running = await startEmulator({ ...emulatorOptionsFromEnv(), ...options });
  afterAll(() => running.close());
  return new EmulatorControlClient(running.url);
}
