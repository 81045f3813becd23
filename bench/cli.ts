/**
 * Start-up of the `hybrid` CLI, timed as whole processes (spawn to exit, what a user waits for):
 *
 *   npm run bench:cli -- [--runs N] [--no-stack]
 *
 * (a) `hybrid --help`;
 * (b) `hybrid status demo` against a running local stack: the bench brings one up on free ports in a temporary
 *     data directory and provisions the demo org into it (`npm run demo`'s script), then stops it;
 * (c) `hybrid status demo` with Temporal unreachable (a free port nobody listens on): must fail, naming
 *     `hybrid stack up`.
 * Each line prints the median and the range of N runs, after one untimed warm-up (file cache). Prints
 * measurements only; the targets are quoted for comparison.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compiledPath } from '../build/layout.js';
import { getFreePort } from '../temporal-cli/free-port.js';
import { localTemporalEnv } from '../stack/local-temporal-env.js';
import { stackPaths } from '../stack/paths.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HYBRID_BIN = path.join(ROOT, 'bin', 'hybrid.mjs');
/** `npm run demo` as users run it: compiled, so the stack's services run compiled too. */
const DEMO_SCRIPT = compiledPath('scripts/demo.ts');

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, 'no-stack': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number greater than 0 (got ${values.runs})`);
  process.exit(2);
}

interface Outcome {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - started, code, stdout, stderr }));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/** Times `hybrid <args>` N times after a warm-up; `check` rejects an outcome that is not the expected one. */
async function timeHybrid(
  label: string,
  target: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  check: (outcome: Outcome) => string | undefined,
  note: (outcome: Outcome) => string = () => '',
): Promise<void> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i <= runs; i++) {
    const outcome = await run(process.execPath, [HYBRID_BIN, ...args], env);
    const problem = check(outcome);
    if (problem) {
      throw new Error(`${label}: ${problem} (exit ${outcome.code})\n${outcome.stdout}${outcome.stderr}`);
    }
    if (i > 0) outcomes.push(outcome);
  }
  const times = outcomes.map((o) => o.ms);
  console.log(
    `${label.padEnd(44)} median ${s(median(times))}  (min ${s(Math.min(...times))}, max ${s(Math.max(...times))}, ` +
      `${runs} runs)  target ${target}${note(outcomes[0]!)}`,
  );
}

async function main(): Promise<void> {
  console.log(`hybrid CLI start-up, whole processes (node ${process.version}, ${HYBRID_BIN})`);
  await timeHybrid('(a) hybrid --help', '<= 0.25 s', ['--help'], process.env, (o) =>
    o.code === 0 && o.stdout.includes('provision') ? undefined : 'did not print the help',
  );

  const closedPort = await getFreePort();
  await timeHybrid(
    '(c) hybrid status demo, Temporal unreachable',
    'fails in <= 3 s naming `hybrid stack up`',
    ['status', 'demo'],
    { ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}` },
    (o) => (o.code === 0 ? 'succeeded although nothing listens' : undefined),
    (o) =>
      o.stderr.includes('hybrid stack up')
        ? '; names `hybrid stack up`'
        : '; DOES NOT name `hybrid stack up`',
  );

  if (values['no-stack']) return;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hybrid-bench-cli-'));
  const ports = {
    '--temporal-port': await getFreePort(),
    '--ui-port': await getFreePort(),
    '--emulator-port': await getFreePort(),
    '--codec-port': await getFreePort(),
  };
  const stackFlags = [...Object.entries(ports).flatMap(([flag, port]) => [flag, String(port)])];
  try {
    console.log(`(b) bringing up a local stack in ${dataDir} and provisioning the demo org...`);
    const demo = await run(
      process.execPath,
      [DEMO_SCRIPT, ...stackFlags, '--data-dir', dataDir],
      process.env,
    );
    if (demo.code !== 0)
      throw new Error(`the demo failed (exit ${demo.code}):\n${demo.stdout}${demo.stderr}`);
    // What `hybrid stack up` tells its own processes: the stack's profile file and data directory (codec key).
    const env = localTemporalEnv(
      { ...process.env, HYBRID_DATA_DIR: dataDir },
      stackPaths(dataDir).temporalConfigFile,
    );
    await timeHybrid('(b) hybrid status demo, local stack', '<= 0.5 s', ['status', 'demo'], env, (o) =>
      o.code === 0 && o.stdout.includes('COMPLETED') ? undefined : 'did not show the completed run',
    );
  } finally {
    await run(process.execPath, [HYBRID_BIN, 'stack', 'down', '--data-dir', dataDir], process.env);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:cli: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
