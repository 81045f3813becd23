/**
 * A fleet of worker processes on one task queue, one of them killed mid-way: do all runs still complete, once?
 *
 *   npm run bench:fleet -- [--orgs 200] [--workers 3] [--latency-ms 50] [--kill-at 0.3] [--budget 300]
 *
 * Set-up: the emulator in a child process with Genesys's rate limit on (300 requests/min per token, so a broken
 * budget shows as 429s), a fixed latency on every request; a Temporal dev server (headless, in memory, free
 * port); --workers compiled worker processes (`node dist/worker/main.js`, what `npm run worker` runs; hence
 * `npm run build` first, which the npm script does), each with its own metrics port, HYBRID_WORKER_COUNT=--workers
 * and HYBRID_GENESYS_REQUESTS_PER_MINUTE=--budget. Every org is fresh (POST /__emulator/orgs) and gets
 * bench/provisioning/bench-input.ts's spec; every run is started through the CLI's start path
 * (client/provisioning-runs.ts).
 *
 * Once --kill-at of the runs have completed, the second worker gets SIGKILL: its activities time out on their
 * heartbeat (30 s) and are retried on the others; its workflow tasks move over too.
 *
 * Printed: orgs per minute (first start to last result), completed/failed, peak RSS of each worker (VmHWM,
 * read every 250 ms while it lives), retried activity attempts with their reasons (from the histories),
 * requests by status, the busiest minute of each org's client against its budget (bench/fleet/busiest-minute.ts,
 * from the emulator's request log), and each org's end state: exactly one OAuth client per wanted name and
 * one user per admin (duplicates counted), the identity provider trusting the cert.pem on disk
 * (bench/provisioning/org-integrity.ts).
 *
 * Prints measurements only. Stops the workers, the dev server and the emulator and removes its temp dir, also on
 * failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { startProvisioning, type ProvisionHandle } from '../client/provisioning-runs.js';
import { createDataConverter } from '../codec/data-converter.js';
import { parseKeyring } from '../codec/keys.js';
import type { ProvisionInput } from '../provisioning/types.js';
import { startDevServer } from '../temporal-cli/dev-server.js';
import { getFreePort } from '../temporal-cli/free-port.js';
import { busiestMinuteByClient } from './fleet/busiest-minute.js';
import { assertBuilt, startWorkerProcess, type WorkerProcess } from './fleet/worker-process.js';
import { benchInput } from './provisioning/bench-input.js';
import { wholeOption } from './provisioning/bench-run.js';
import { fixedLatency, spawnEmulator } from './provisioning/emulator-process.js';
import { orgProblems } from './provisioning/org-integrity.js';
import { retryReasons } from './provisioning/retry-reasons.js';

interface Options {
  orgs: number;
  workers: number;
  latencyMs: number;
  killAt: number;
  budget: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      orgs: { type: 'string', default: '200' },
      workers: { type: 'string', default: '3' },
      'latency-ms': { type: 'string', default: '50' },
      'kill-at': { type: 'string', default: '0.3' },
      budget: { type: 'string', default: '300' },
    },
    strict: true,
  });
  const whole = wholeOption;
  const killAt = Number(values['kill-at']);
  if (!(killAt > 0 && killAt < 1)) {
    throw new Error(
      `--kill-at must be a fraction of the runs between 0 and 1, e.g. 0.3 (got "${values['kill-at']}")`,
    );
  }
  return {
    orgs: whole('orgs', values.orgs, 1),
    // One worker is killed and the runs must still finish on the others.
    workers: whole('workers', values.workers, 2),
    latencyMs: whole('latency-ms', values['latency-ms'], 0),
    killAt,
    budget: whole('budget', values.budget, 1),
  };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** `3 OAuth clients named "x"` → 2 duplicates; the counts come from org-integrity's sentences. */
function duplicatesIn(problems: readonly string[]): number {
  return problems.reduce((sum, p) => {
    const n = Number(/^(\d+) (?:OAuth clients|users) /.exec(p)?.[1] ?? 1);
    return sum + Math.max(0, n - 1);
  }, 0);
}

async function main(stack: Array<() => Promise<void>>): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  assertBuilt();
  const tempRoot = await mkdtemp(join(tmpdir(), 'bench-fleet-'));
  stack.push(() => rm(tempRoot, { recursive: true, force: true }));

  const emulator = await spawnEmulator({ rateLimitPerMinute: 300 });
  stack.push(() => emulator.stop());
  await emulator.setFaults(fixedLatency(options.latencyMs));
  const devServer = await startDevServer({ port: await getFreePort(), headless: true });
  stack.push(() => devServer.stop());

  const codecKey = `fleet:${randomBytes(32).toString('base64')}`;
  const dataConverter = await createDataConverter({ keyring: parseKeyring(codecKey, 'bench codec key') });
  const connection = await Connection.connect({ address: devServer.address });
  stack.push(() => connection.close());
  const client = new Client({ connection, namespace: devServer.namespace, dataConverter });
  const taskQueue = `bench-fleet-${randomBytes(4).toString('hex')}`;

  console.log(
    `bench:fleet  ${options.orgs} orgs, ${options.workers} worker processes (compiled), worker 2 SIGKILLed once ` +
      `${Math.round(options.killAt * 100)}% of the runs completed; latency ${options.latencyMs} ms on every emulator ` +
      `request; emulator rate limit 300/min per token; budget ${options.budget}/min per org, ` +
      `${Math.floor(options.budget / options.workers)}/min per worker process`,
  );
  const started = performance.now();
  const workers: WorkerProcess[] = [];
  stack.push(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  });
  const settings = {
    temporalAddress: devServer.address,
    namespace: devServer.namespace,
    taskQueue,
    codecKey,
    workers: options.workers,
    budgetPerMinute: options.budget,
  };
  // One at a time: on 2 shared cores, three compiled workers starting together slow each other down.
  for (let i = 1; i <= options.workers; i++) {
    const logFile = join(tempRoot, `worker-${i}.log`);
    try {
      workers.push(await startWorkerProcess(`worker-${i}`, { ...settings, logFile }));
    } catch (err) {
      console.error((await readFile(logFile, 'utf8').catch(() => '')).slice(-2000));
      throw err;
    }
  }
  console.log(
    `setup: dev server ${devServer.address}; emulator ${emulator.url}; ${options.workers} workers polling after ` +
      `${ms(performance.now() - started)} (metrics ports ${workers.map((w) => w.metricsPort).join(', ')})`,
  );

  const inputs: ProvisionInput[] = [];
  for (let i = 0; i < options.orgs; i++) {
    const org = await emulator.createOrg(`fleet-${i + 1}-${randomBytes(3).toString('hex')}`);
    inputs.push(await benchInput(emulator.url, org, tempRoot));
  }
  await emulator.clearRequests();

  const t0 = performance.now();
  const handles: ProvisionHandle[] = await Promise.all(
    inputs.map(async (input) => (await startProvisioning(client, input, taskQueue)).handle),
  );
  const startedAllMs = performance.now() - t0;
  const victim = workers[1]!;
  let completed = 0;
  let killedAtMs: number | undefined;
  const outcomes = await Promise.allSettled(
    handles.map(async (h) => {
      try {
        return await h.result();
      } finally {
        completed++;
        if (killedAtMs === undefined && completed >= options.killAt * options.orgs) {
          killedAtMs = performance.now() - t0;
          victim.kill('SIGKILL');
        }
      }
    }),
  );
  const totalMs = performance.now() - t0;
  const victimEnd = await victim.exited;

  const failures = outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [{ org: inputs[i]!.org, error: o.reason as Error }] : [],
  );
  const done = outcomes.length - failures.length;
  console.log(`fleet (${options.orgs} orgs at once):`);
  console.log(
    `    total time                   ${ms(totalMs)}   (all ${options.orgs} started after ${ms(startedAllMs)})`,
  );
  console.log(
    `    orgs per minute              ${(done / (totalMs / 60_000)).toFixed(1)}   (${done} completed, ${failures.length} failed)`,
  );
  console.log(
    `    killed                       ${victim.name} (pid ${victim.pid}) by SIGKILL after ${ms(killedAtMs ?? NaN)}, ${Math.ceil(options.killAt * options.orgs)} runs completed; it ended by ${victimEnd}`,
  );
  console.log(
    `    peak RSS per worker          ${workers.map((w) => `${w.name} ${mib(w.peakRss())}${w === victim ? ' (until killed)' : ''}`).join(', ')}`,
  );

  const reasons = await retryReasons(handles);
  const retried = [...reasons.values()].reduce((a, b) => a + b, 0);
  console.log(
    `    retried attempts             ${retried}${retried > 0 ? `: ${[...reasons].map(([why, n]) => `${why} ×${n}`).join('; ')}` : ''}`,
  );

  // Only the Genesys API's requests (the control API's are logged too).
  const log = (await emulator.requests()).filter((e) => !e.path.startsWith('/__emulator/'));
  const statuses = new Map<number, number>();
  for (const e of log) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
  console.log(
    `    requests                     ${log.length}, by status: ${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}${log.length >= 10_000 ? ' (the emulator keeps the last 10,000 only)' : ''}`,
  );
  const busiest = [...busiestMinuteByClient(log).values()];
  const over = busiest.filter((n) => n > options.budget).length;
  console.log(
    `    busiest minute per org       max ${Math.max(0, ...busiest)} requests, median ${busiest.sort((a, b) => a - b)[Math.floor(busiest.length / 2)] ?? 0} ` +
      `(budget ${options.budget}/min per org); orgs over budget: ${over}`,
  );

  let duplicates = 0;
  const problems = new Map<string, number>();
  for (const input of inputs) {
    const found = await orgProblems(input, await emulator.orgState(input.org));
    duplicates += duplicatesIn(found);
    for (const p of found) {
      const kind = p.replaceAll(input.org, '<org>');
      problems.set(kind, (problems.get(kind) ?? 0) + 1);
    }
  }
  console.log(`    duplicates                   ${duplicates}`);
  console.log(
    `    end state of the orgs        ${
      problems.size === 0
        ? `all ${inputs.length} as one run leaves them (one client per name, one admin user, IdP trusts cert.pem)`
        : [...problems].map(([p, n]) => `${p} in ${n} orgs`).join('; ')
    }`,
  );
  for (const f of failures.slice(0, 5)) {
    const cause = (f.error as { cause?: Error }).cause;
    console.log(`    FAILED ${f.org}: ${f.error.message}${cause ? ` — ${cause.message}` : ''}`);
  }
}

/** Undo actions, newest first, each once even when an earlier one fails. */
const cleanup: Array<() => Promise<void>> = [];
async function runCleanup(): Promise<void> {
  for (let action = cleanup.pop(); action; action = cleanup.pop()) {
    await action().catch((err: unknown) => console.error(`cleanup: ${(err as Error).message}`));
  }
}
process.once('SIGINT', () => void runCleanup().finally(() => process.exit(130)));
main(cleanup)
  .catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  })
  .then(runCleanup)
  .finally(() => process.exit());
