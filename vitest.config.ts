import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/setup/sequencer.js';

// Three projects: pure unit tests; emulator tests (each file starts its own emulator on a free port);
// integration tests against one real Temporal dev server and one emulator started by global setup (files that
// change emulator-wide settings start their own: test/integration/support/own-emulator.ts).
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    // Files of every project run in parallel, more of them than the machine has cores: most of the suite's
    // time is waiting (timers, retry backoffs, a heartbeat timeout), not CPU. One number for all projects, so
    // that they share one queue (test/setup/sequencer.ts orders it). `--maxWorkers N` overrides it.
    maxWorkers: 4,
    sequence: { sequencer: LongestFirst },
    // The unit and emulator projects' test timeouts are 120 s, up from 60 s: with four files sharing two cores,
    // the 200-case property test (8 s alone) ran past 60 s on a loaded machine.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: ['test/setup/build.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'emulator',
          include: ['test/emulator/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: [
            'test/setup/build.ts',
            'test/integration/setup/temporal.ts',
            'test/integration/setup/emulator.ts',
          ],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
