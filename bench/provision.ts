/**
 * What Temporal costs a provisioning run, on loopback, with the emulator adding a fixed latency to every
 * request (`/oauth/token` included: the token endpoint needs a fault rule of its own, see emulator/faults.ts).
 *
 *   npm run bench:provision -- [--runs 5] [--orgs 50] [--latency-ms 50]
 *
 * Set-up: the emulator in a child process (rate limit off, `--rate-limit 0`: the bench measures latency, not
 * the per-token limit, which at 300/min no single org's ~20 requests would reach anyway), a Temporal dev server
 * (headless, in memory, free port), and in this process one worker with SDK-default concurrency, a prebuilt
 * workflow bundle and the payload codec, as the integration harness builds it. Every run provisions a fresh org
 * (POST /__emulator/orgs) with bench/provisioning/bench-input.ts's spec, so every run does the same requests.
 *
 * (a) One provisioning through Temporal: wall time from `workflow.start` to its result, median of --runs
 *     (after one warm-up run that is not counted), against the critical-path bound, computed from the
 *     emulator's request log of that run:
 *     1. Fetch GET /__emulator/requests and keep the entries of the org's admin client (`clientId`). Each entry
 *        has `time` (when the response was sent) and `durationMs` (server-side, injected latency included);
 *        a request's interval is [time − durationMs, time].
 *     2. Split them by workflow step. Activities run inside an AsyncLocalStorage scope naming their step;
 *        undici's diagnostics channels tie each request made in that scope to its response's
 *        ININ-Correlation-Id, which is the log entry's `correlationId` (bench/provisioning/request-attribution.ts).
 *     3. Within a step, request B depends on request A when the server started B after A had ended (1 ms
 *        tolerance for the log's millisecond times): the activities are straight-line async code, and what one
 *        issues concurrently overlaps on the server for the whole injected latency. The step's chain is the
 *        heaviest path through that order, weighted by `durationMs`. The client's token request falls in the
 *        first step that needs it, the preflight.
 *     4. Between steps, the workflow's structure (workflows/provision.ts): preflight, then certificate ∥ each
 *        OAuth client ∥ each role grant ∥ each admin, then the identity provider. Bound =
 *        chain(preflight) + max over the parallel steps of chain(step) + chain(identity provider).
 *     Printed: the bound, its request count and requests, ratio wall/bound, and, between the two, the time the
 *     activities themselves took along the same path as timed in the worker (longest preflight call + longest
 *     call of the parallel phase + longest identity-provider call: HTTP client, JSON, and the certificate's RSA
 *     key generation, which has no requests but is often the slowest parallel step), so that
 *     wall − activities is what scheduling through Temporal added.
 * (b) The same activities called directly in dependency order, one after another, in this process
 *     (bench/provisioning/sequential-provision.ts): median wall time of --runs, ratio Temporal/sequential.
 *     Its runs alternate with (a)'s so that a shared machine's drifting load hits both alike. Sequential has no
 *     parallel phase: Temporal can come out ahead when its parallelism saves more than its scheduling costs.
 * (c) --orgs orgs at once: create them, start one workflow each, await all. Total time (first start to last
 *     result), orgs per minute, per-org completion times, activity time by step, non-2xx responses, retried
 *     attempts with their reasons (from the workflow histories) and whether the timed-out first attempts kept
 *     running, this process's event-loop delay and peak RSS (sampled every 100 ms; VmHWM, the lifetime peak,
 *     too), and a check of every org's end state (one OAuth client per name, one admin user, the identity
 *     provider trusting the cert.pem on disk). The worker, its Temporal core and the clients live in this
 *     process; the emulator and the dev server do not.
 *
 * Prints measurements only. Stops by itself; stops the dev server and the emulator and removes its temp dir,
 * also on Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Context } from '@temporalio/activity';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as provisioningActivities from '../activities/provisioning.js';
import { closeGenesysClients } from '../activities/genesys-session.js';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../codec/data-converter.js';
import { parseKeyring } from '../codec/keys.js';
import type { ProvisionInput } from '../provisioning/types.js';
import { startDevServer } from '../temporal-cli/dev-server.js';
import { getFreePort } from '../temporal-cli/free-port.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import type { provisionWorkflow } from '../workflows/provision.js';
import { provisionWorkflowId } from '../workflows/provision-api.js';
import { benchInput } from './provisioning/bench-input.js';
import { wholeNumberFlag } from './provisioning/whole-number-flag.js';
import {
  criticalPathBound,
  phaseOf,
  timedRequest,
  type CriticalPathBound,
  type TimedRequest,
} from './provisioning/critical-path.js';
import { fixedLatency, spawnEmulator, type EmulatorProcess } from './provisioning/emulator-process.js';
import { orgProblems } from './provisioning/org-integrity.js';
import { retryReasons } from './provisioning/retry-reasons.js';
import { RequestAttribution, stepOf, type ActivityCall } from './provisioning/request-attribution.js';
import { kernelPeakRss, sampleRss } from './provisioning/rss-sampler.js';
import { provisionSequentially } from './provisioning/sequential-provision.js';

interface Options {
  runs: number;
  orgs: number;
  latencyMs: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      orgs: { type: 'string', default: '50' },
      'latency-ms': { type: 'string', default: '50' },
    },
    strict: true,
  });
  const whole = wholeNumberFlag;
  return {
    runs: whole('runs', values.runs, 1),
    orgs: whole('orgs', values.orgs, 1),
    latencyMs: whole('latency-ms', values['latency-ms'], 0),
  };
}

/**
 * Undo actions run newest first, each once, even when an earlier one fails. On Ctrl-C only the actions that
 * reach outside this process run (dev server, emulator, temp dir): closing connections under in-flight calls
 * would only raise errors, and the process exits right after anyway.
 */
class Cleanup {
  private readonly actions: { what: string; outside: boolean; fn: () => Promise<void> | void }[] = [];
  add(what: string, fn: () => Promise<void> | void, opts: { outside?: boolean } = {}): void {
    this.actions.push({ what, outside: opts.outside ?? false, fn });
  }
  async run(only: 'all' | 'outside' = 'all'): Promise<void> {
    for (let action = this.actions.pop(); action; action = this.actions.pop()) {
      if (only === 'outside' && !action.outside) continue;
      try {
        await action.fn();
      } catch (err) {
        console.error(`cleanup: ${action.what} failed: ${(err as Error).message}`);
      }
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
/** Ids in paths vary per org; the shape of the request is what matters. */
const shape = (r: TimedRequest) =>
  `${r.method} ${r.path.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27,}(?=\/|$)/gi, '/{id}')}`;

type ActivityFn = (...args: unknown[]) => Promise<unknown>;

/** The provisioning activities, each call tracked with its workflow id, step and attempt. */
function trackedActivities(attribution: RequestAttribution): Record<string, ActivityFn> {
  return Object.fromEntries(
    Object.entries(provisioningActivities).map(([activity, fn]) => [
      activity,
      (...args: unknown[]) => {
        const { workflowExecution, attempt } = Context.current().info;
        return attribution.track(
          {
            run: workflowExecution?.workflowId ?? '(standalone)',
            activity,
            step: stepOf(activity, args[0]),
            attempt,
          },
          () => (fn as ActivityFn)(...args),
        );
      },
    ]),
  );
}

interface Environment {
  emulator: EmulatorProcess;
  client: Client;
  taskQueue: string;
  attribution: RequestAttribution;
  tempRoot: string;
}

let orgCounter = 0;
async function freshOrg(env: Environment, prefix: string): Promise<ProvisionInput> {
  const org = await env.emulator.createOrg(`bench-${prefix}-${++orgCounter}`);
  return benchInput(env.emulator.url, org, env.tempRoot);
}

function startWorkflow(
  env: Environment,
  input: ProvisionInput,
): Promise<WorkflowHandle<typeof provisionWorkflow>> {
  return env.client.workflow.start<typeof provisionWorkflow>('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.org),
    taskQueue: env.taskQueue,
    args: [input],
    // Bounds the bench: a run stuck in retries fails its result() instead of hanging.
    workflowExecutionTimeout: '10 minutes',
  });
}

interface RunAnalysis {
  bound: CriticalPathBound;
  requestCount: number;
  unattributed: number;
  /** Client-side activity time along preflight → slowest parallel activity → identity provider. */
  activityPathMs: number;
  slowestParallelActivity: string;
  certificateMs: number;
}

const callMs = (c: ActivityCall) => (c.endMs ?? c.startMs) - c.startMs;

async function analyseRun(env: Environment, input: ProvisionInput, run: string): Promise<RunAnalysis> {
  const clientId = (input.target.clientId as { value: string }).value;
  const entries = (await env.emulator.requests()).filter((e) => e.clientId === clientId);
  const byStep = new Map<string, TimedRequest[]>();
  let unattributed = 0;
  for (const entry of entries) {
    const call = env.attribution.callFor(entry.correlationId);
    if (!call || call.run !== run) {
      unattributed++;
      continue;
    }
    byStep.set(call.step, [...(byStep.get(call.step) ?? []), timedRequest(entry)]);
  }
  const calls = env.attribution.calls.filter((c) => c.run === run);
  const longest = (phase: string) =>
    calls
      .filter((c) => phaseOf(c.step) === phase)
      .reduce<ActivityCall | undefined>((a, c) => (a && callMs(a) >= callMs(c) ? a : c), undefined);
  const path = [longest('preflight'), longest('parallel'), longest('identity-provider')];
  return {
    bound: criticalPathBound(byStep),
    requestCount: entries.length,
    unattributed,
    activityPathMs: path.reduce((sum, c) => sum + (c ? callMs(c) : 0), 0),
    slowestParallelActivity: path[1]?.step ?? '(none)',
    certificateMs: Math.max(0, ...calls.filter((c) => c.step === 'certificate').map(callMs)),
  };
}

async function temporalRun(env: Environment): Promise<RunAnalysis & { wallMs: number }> {
  const input = await freshOrg(env, 'a');
  const started = performance.now();
  const handle = await startWorkflow(env, input);
  await handle.result();
  const wallMs = performance.now() - started;
  return { wallMs, ...(await analyseRun(env, input, handle.workflowId)) };
}

interface SequentialRun {
  wallMs: number;
  requestCount: number;
  /** Sum of the run's server-side request durations: all of them are on its path. */
  requestMs: number;
  certificateMs: number;
}

async function sequentialRun(env: Environment): Promise<SequentialRun> {
  const input = await freshOrg(env, 'b');
  const started = performance.now();
  await provisionSequentially(input, env.attribution);
  const wallMs = performance.now() - started;
  const clientId = (input.target.clientId as { value: string }).value;
  const entries = (await env.emulator.requests()).filter((e) => e.clientId === clientId);
  const certificate = env.attribution.calls.find((c) => c.run === input.org && c.step === 'certificate');
  return {
    wallMs,
    requestCount: entries.length,
    requestMs: entries.reduce((sum, e) => sum + e.durationMs, 0),
    certificateMs: certificate ? callMs(certificate) : 0,
  };
}

type TemporalRun = Awaited<ReturnType<typeof temporalRun>>;

/**
 * (a) and (b) alternate run by run, so that the load of a shared machine drifting over time hits both alike.
 * One warm-up run of each first (first workflow task, first activity, JIT), not counted.
 */
async function measureOneAgainstSequential(
  env: Environment,
  runs: number,
): Promise<{ temporal: TemporalRun[]; sequential: SequentialRun[] }> {
  await temporalRun(env);
  await sequentialRun(env);
  const temporal: TemporalRun[] = [];
  const sequential: SequentialRun[] = [];
  for (let i = 0; i < runs; i++) {
    temporal.push(await temporalRun(env));
    sequential.push(await sequentialRun(env));
    await env.emulator.clearRequests();
    env.attribution.clear();
  }
  return { temporal, sequential };
}

function printOne(results: TemporalRun[]): number {
  const runs = results.length;
  const wall = median(results.map((r) => r.wallMs));
  const bound = median(results.map((r) => r.bound.totalMs));
  const ratio = median(results.map((r) => r.wallMs / r.bound.totalMs));
  const example = [...results].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(results.length / 2)]!;
  const b = example.bound;
  console.log(
    `(a) one provisioning through Temporal, median of ${runs} (+1 warm-up; runs alternate with (b)):`,
  );
  console.log(`    wall time                    ${ms(wall)}   (runs: ${list(results.map((r) => r.wallMs))})`);
  const slowest = [...new Set(results.map((r) => r.slowestParallelActivity))].join(' or ');
  console.log(
    `    activities along the path    ${ms(median(results.map((r) => r.activityPathMs)))}   (preflight + ${slowest} + identity provider, timed in the worker)`,
  );
  console.log(
    `    wall − activities            ${ms(median(results.map((r) => r.wallMs - r.activityPathMs)))}   (what scheduling through Temporal added: median of per-run differences)`,
  );
  console.log(
    `    critical-path bound          ${ms(bound)}   (runs: ${list(results.map((r) => r.bound.totalMs))})`,
  );
  console.log(`    ratio wall/bound             ${ratio.toFixed(2)}   (median of per-run ratios)`);
  console.log(
    `    median run's bound: ${b.requests.length} dependent requests of ${example.requestCount} in the run`,
  );
  console.log(
    `      preflight                  ${b.preflight.requests.length} requests, ${ms(b.preflight.totalMs)}`,
  );
  console.log(
    `      slowest parallel step      ${b.slowestParallelStep.step}: ${b.slowestParallelStep.chain.requests.length} requests, ${ms(b.slowestParallelStep.chain.totalMs)}` +
      `   (others: ${b.parallelSteps
        .filter((s) => s.step !== b.slowestParallelStep.step)
        .map((s) => `${s.step} ${s.chain.requests.length}`)
        .join(', ')})`,
  );
  console.log(
    `      identity provider          ${b.identityProvider.requests.length} requests, ${ms(b.identityProvider.totalMs)}`,
  );
  console.log(`      chain: ${b.requests.map(shape).join(' → ')}`);
  console.log(
    `    certificate step (no requests, parallel phase): median ${ms(median(results.map((r) => r.certificateMs)))}`,
  );
  const unattributed = results.reduce((n, r) => n + r.unattributed, 0);
  if (unattributed > 0)
    console.log(`    requests not attributed to a step: ${unattributed} (left out of the bound)`);
  return wall;
}

function printSequential(results: SequentialRun[], temporalWall: number): void {
  const runs = results.length;
  const wall = median(results.map((r) => r.wallMs));
  console.log(`(b) the same activities called sequentially, no Temporal, median of ${runs} (+1 warm-up):`);
  console.log(`    wall time                    ${ms(wall)}   (runs: ${list(results.map((r) => r.wallMs))})`);
  console.log(
    `    of which                     requests ${ms(median(results.map((r) => r.requestMs)))} (${median(results.map((r) => r.requestCount))} requests, server side), ` +
      `certificate ${ms(median(results.map((r) => r.certificateMs)))}`,
  );
  console.log(`    ratio Temporal/sequential    ${(temporalWall / wall).toFixed(2)}`);
}

async function measureMany(env: Environment, count: number): Promise<void> {
  const inputs: ProvisionInput[] = [];
  for (let i = 0; i < count; i++) inputs.push(await freshOrg(env, 'c'));
  await env.emulator.clearRequests();
  env.attribution.clear();
  const rssBefore = process.memoryUsage.rss();
  const sampler = sampleRss(100);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = performance.now();
  const handles = await Promise.all(inputs.map((input) => startWorkflow(env, input)));
  const startedAll = performance.now() - started;
  const outcomes = await Promise.allSettled(
    handles.map(async (h) => {
      await h.result();
      return performance.now() - started;
    }),
  );
  const totalMs = performance.now() - started;
  const peakRss = sampler.stop();
  loopDelay.disable();

  const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failures = outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [{ org: inputs[i]!.org, error: o.reason as Error }] : [],
  );
  // The control API's own requests are logged too; only the Genesys API's count here.
  const log = (await env.emulator.requests()).filter((e) => !e.path.startsWith('/__emulator/'));
  const statuses = new Map<number, number>();
  const notOk = new Map<string, number>();
  for (const e of log) {
    statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
    if (e.status >= 300) {
      const key = `${e.status} ${shape(timedRequest(e))}${e.fault ? ` (${e.fault})` : ''}`;
      notOk.set(key, (notOk.get(key) ?? 0) + 1);
    }
  }
  const calls = env.attribution.calls;
  const retried = calls.filter((c) => c.attempt > 1);
  const failedCalls = calls.filter((c) => c.failed);

  console.log(`(c) ${count} orgs at once, one worker:`);
  console.log(
    `    total time                   ${ms(totalMs)}   (all ${count} started after ${ms(startedAll)})`,
  );
  console.log(
    `    orgs per minute              ${(done.length / (totalMs / 60_000)).toFixed(1)}   (${done.length} completed, ${failures.length} failed)`,
  );
  if (done.length > 0) {
    console.log(
      `    per-org completion           p50 ${ms(percentile(done, 50))}, p95 ${ms(percentile(done, 95))}, max ${ms(Math.max(...done))} after the first start`,
    );
  }
  const steps = new Map<string, number[]>();
  for (const c of calls) {
    const kind = c.step.replace(/:.*/, '');
    steps.set(kind, [...(steps.get(kind) ?? []), callMs(c)]);
  }
  console.log(
    `    activity time by step        ${[...steps]
      .map(([step, d]) => `${step} p50 ${ms(percentile(d, 50))}/max ${ms(Math.max(...d))}`)
      .join('; ')}`,
  );
  console.log(
    `    requests                     ${log.length}, by status: ${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
  );
  if (notOk.size > 0) {
    console.log(
      `    non-2xx                      ${[...notOk].map(([what, n]) => `${what} ×${n}`).join('; ')}`,
    );
  }
  console.log(
    `    activity calls               ${calls.length}, retried attempts ${retried.length}, failed attempts ${failedCalls.length}`,
  );
  if (retried.length > 0) {
    const withRetries = handles.filter((h) => retried.some((c) => c.run === h.workflowId));
    const reasons = await retryReasons(withRetries);
    console.log(
      `    retried attempts by reason   ${[...reasons].map(([why, n]) => `${why} ×${n}`).join('; ')} (from the histories of ${withRetries.length} workflows)`,
    );
    // A timed-out attempt is not stopped in the worker (the activities do not watch for cancellation).
    const superseded = calls.filter(
      (c) => c.attempt === 1 && retried.some((r) => r.run === c.run && r.step === c.step),
    );
    const finished = superseded.filter((c) => c.endMs !== undefined && !c.failed).length;
    const failed = superseded.filter((c) => c.failed).length;
    console.log(
      `    timed-out first attempts     ${superseded.length} of ${retried.length} reached the activity function in this worker; ` +
        `afterwards ${finished} finished their work anyway, ${failed} failed, ${superseded.length - finished - failed} were still running`,
    );
  }
  // Counted by kind: an org's own name and ids are replaced so that equal problems add up.
  const problems = new Map<string, number>();
  for (const input of inputs) {
    for (const problem of await orgProblems(input, await env.emulator.orgState(input.org))) {
      const kind = problem.replaceAll(input.org, '<org>');
      problems.set(kind, (problems.get(kind) ?? 0) + 1);
    }
  }
  const integrity =
    problems.size === 0
      ? `all ${inputs.length} as one run leaves them (one client per name, one admin user, IdP trusts cert.pem)`
      : [...problems].map(([p, n]) => `${p} in ${n} orgs`).join('; ');
  console.log(`    end state of the orgs        ${integrity}`);
  const lag = (q: number) => loopDelay.percentile(q) / 1e6;
  console.log(
    `    event-loop delay             p50 ${ms(lag(50))}, p99 ${ms(lag(99))}, max ${ms(loopDelay.max / 1e6)}; libuv thread pool ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
  );
  console.log(
    `    peak RSS (this process)      ${mib(peakRss)} sampled every 100 ms (${mib(rssBefore)} before (c))`,
  );
  const hwm = await kernelPeakRss();
  if (hwm !== undefined) console.log(`    VmHWM (process lifetime)     ${mib(hwm)}`);
  for (const f of failures.slice(0, 5)) {
    const cause = (f.error as { cause?: Error }).cause;
    console.log(`    FAILED ${f.org}: ${f.error.message}${cause ? ` — ${cause.message}` : ''}`);
  }
}

async function main(cleanup: Cleanup): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Before any connection. No shutdown signals: Ctrl-C runs this script's cleanup instead.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  const tempRoot = await mkdtemp(join(tmpdir(), 'bench-provision-'));
  cleanup.add('remove temp dir', () => rm(tempRoot, { recursive: true, force: true }), { outside: true });

  const emulator = await spawnEmulator({ rateLimitPerMinute: 0 });
  cleanup.add('stop emulator', () => emulator.stop(), { outside: true });
  await emulator.setFaults(fixedLatency(options.latencyMs));

  const devServer = await startDevServer({ port: await getFreePort(), headless: true });
  cleanup.add('stop dev server', () => devServer.stop(), { outside: true });

  const attribution = new RequestAttribution();
  attribution.start();
  cleanup.add('stop request attribution', () => attribution.stop());

  const keyring = parseKeyring(`bench:${randomBytes(32).toString('base64')}`, 'bench codec key');
  const dataConverter = await createDataConverter({ keyring });
  const bundleStarted = performance.now();
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const bundleMs = performance.now() - bundleStarted;

  const nativeConnection = await NativeConnection.connect({ address: devServer.address });
  cleanup.add('close worker connection', () => nativeConnection.close());
  const taskQueue = `bench-provision-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: devServer.namespace,
    taskQueue,
    workflowBundle,
    activities: trackedActivities(attribution),
    dataConverter,
  });
  const running = worker.run();
  cleanup.add('stop worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  cleanup.add('close Genesys clients', () => closeGenesysClients());

  const connection = await Connection.connect({ address: devServer.address });
  cleanup.add('close client connection', () => connection.close());
  const client = new Client({ connection, namespace: devServer.namespace, dataConverter });
  const env: Environment = { emulator, client, taskQueue, attribution, tempRoot };

  console.log(
    `bench:provision  latency ${options.latencyMs} ms fixed on every emulator request (token endpoint included), ` +
      `emulator rate limit off, runs ${options.runs}, orgs ${options.orgs}`,
  );
  console.log(
    `setup: emulator (child process) ${emulator.url}; dev server ${devServer.address} ready in ${ms(devServer.startupMs)}; ` +
      `workflow bundle ${ms(bundleMs)}; worker with SDK-default concurrency`,
  );
  const { temporal, sequential } = await measureOneAgainstSequential(env, options.runs);
  printSequential(sequential, printOne(temporal));
  await measureMany(env, options.orgs);
}

const cleanup = new Cleanup();
/** Set on Ctrl-C: the interrupted cleanup, which the main flow then waits for instead of cleaning up itself. */
let interrupted: Promise<void> | undefined;
process.once('SIGINT', () => {
  console.error('interrupted: stopping the dev server and the emulator, removing the temp dir');
  // Calls in flight fail as their servers go away; nothing is left to report them to.
  process.on('uncaughtException', () => undefined);
  process.on('unhandledRejection', () => undefined);
  interrupted = cleanup.run('outside').finally(() => process.exit(130));
});
main(cleanup)
  .then(
    () => interrupted ?? cleanup.run(),
    async (err: unknown) => {
      if (interrupted) return interrupted;
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
      await cleanup.run();
    },
  )
  // Idle keep-alive sockets and the Temporal runtime must not hold the process open once everything is stopped.
  .finally(() => process.exit());
