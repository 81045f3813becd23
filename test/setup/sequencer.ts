/**
 * The order files start in when they run in parallel (vitest.config.ts). The suite mostly waits: Temporal's
 * retry backoffs, a worker's 30 s heartbeat timeout, a 20 s Temporal outage. A file that waits
 * long and starts last makes the whole run wait for it alone, so the integration files start first, the ones
 * known to take longest before them (and the longest CPU-bound file), and the unit and emulator files follow.
 * Within each rank, vitest's own order: on a fresh clone larger files first, later the longest last time.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest files first (seconds measured one file at a time, 2-core machine, December 2026). */
const LONGEST_WAITS = [
  'test/integration/provisioning/worker-crash.test.ts', // 36-40 s: the 30 s heartbeat timeout of a killed worker
  'test/integration/temporal-restart.test.ts', // 39 s: a 20 s outage, by design longer than the SDK's retries
  // The provisioning cases (provision-cases.ts), 160 s run one after another, now over five files: reads lagging
  // writes by 2 s make each run wait for its reads and each undo, one step after another, for its deletes.
  'test/integration/provisioning/provision-lag-undo-empty-org-a.test.ts', // 38 s
  'test/integration/provisioning/provision-workflow.test.ts', // 34 s: adopting, storms, the 0 ms lag cases
  'test/integration/provisioning/provision-lag-runs.test.ts', // 33 s
  'test/integration/provisioning/provision-lag-undo-prepared-org.test.ts', // 32 s
  'test/integration/provisioning/provision-lag-undo-empty-org-b.test.ts', // 28 s
  // 15-20 s: a storm of 503s and lost responses (bounded: unbounded it took 4 to 75 s), and a 10 s retry budget.
  'test/integration/provisioning/storms.test.ts',
  // 8 s of CPU alone (200 property cases), 45 s when it started last on a loaded machine: the longest CPU-bound file.
  'test/emulator/decisions-property.test.ts',
];

function rank(spec: TestSpecification): number {
  const known = LONGEST_WAITS.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
  if (known >= 0) return known;
  return LONGEST_WAITS.length + (spec.project.name === 'integration' ? 0 : 1);
}

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byVitest = await super.sort(files);
    return byVitest
      .map((spec, index) => ({ spec, index, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
