import type { EmulatorOptions } from '../../../emulator/server.js';

/**
 * The integration emulators' options, for the global setup's shared one and every file's own
 * (support/own-emulator.ts): a free port, and `EMULATOR_RATE_LIMIT` (requests per minute per token, 0 = off)
 * overriding the default per-token limit.
 */
export function emulatorOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorOptions {
  const rateLimit = env.EMULATOR_RATE_LIMIT;
  if (rateLimit === undefined || rateLimit === '') return { port: 0 };
  const rateLimitPerMinute = Number(rateLimit);
  if (!(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute >= 0)) {
    throw new Error(
      `EMULATOR_RATE_LIMIT must be a whole number of requests per minute (0 = off), got "${rateLimit}"`,
    );
  }
  return { port: 0, rateLimitPerMinute };
}
