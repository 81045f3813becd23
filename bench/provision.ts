/**
 * What Temporal costs a provisioning run, on loopback, with the emulator adding a fixed latency to every
 * request (`/oauth/token` included: the token endpoint needs a fault rule of its own, see emulator/faults.ts).
 *
 *   npm run bench:provision -- [--runs 5] [--orgs 50] [--latency-ms 50] [--key-samples 30] [--heap-snapshot]
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
 *        OAuth client ∥ each role grant ∥ each admin, then the identity provider; and, from the start of the run,
 *        the certificate's key generation (prepareCertificate), which the identity provider also waits for. Bound =
 *        max(request chain = chain(preflight) + max over the parallel steps of chain(step) + chain(identity
 *        provider), key generation + chain(identity provider)), the key generation's time being that run's
 *        prepareCertificate call as timed in the worker.
 *     Printed: the bound, its request count and requests, ratio wall/bound, and, between the two, the time the
 *     activities themselves took along the same path as timed in the worker (max(longest preflight call + longest
 *     call of the parallel phase, key generation) + longest identity-provider call: HTTP client, JSON, and the
 *     certificate's RSA key generation, which has no requests), so that
 *     wall − activities is what scheduling through Temporal added.
 * (b) The same activities called directly in dependency order, one after another, in this process
 *     (bench/provisioning/sequential-provision.ts): median wall time of --runs, ratio Temporal/sequential.
 *     Its runs alternate with (a)'s so that a shared machine's drifting load hits both alike. Sequential has no
 *     parallel phase: Temporal can come out ahead when its parallelism saves more than its scheduling costs.
 * (c) --orgs orgs at once: create them, start one workflow each, await all. Total time (first start to last
 *     result), orgs per minute, per-org completion times, activity time by step, non-2xx responses, retried
 *     attempts with their reasons (from the workflow histories), a CPU bound (the CPU time of --key-samples bundles
 *     generated one at a time in this process just before (c), by process.cpuUsage(), mean × orgs / cores), whether the
 *     timed-out first attempts kept running, this process's event-loop delay and peak RSS (sampled every 100 ms, with the V8 heap / external
 *     / native split at the peak; VmHWM, the lifetime peak, too; the resident memory by kind of mapping near the peak,
 *     bench/provisioning/rss-sampler.ts, and the open sockets), the CPU time (c) cost this process by thread group
 *     (bench/provisioning/thread-cpu.ts: main thread, the SDK's workflow thread, libuv's pool, the Temporal core) and
 *     the emulator and dev server, and a check of every org's end state (one OAuth client per name, one admin user, the identity
 *     provider trusting the cert.pem on disk). The worker, its Temporal core and the clients live in this
 *     process; the emulator and the dev server do not.
 *
 * --heap-snapshot: snapshots of the workflow thread's and the main thread's heaps when half the orgs of (c) are done,
 * summarised after (c) by kind of object (bench/provisioning/heap-summary.ts). Taking them costs memory and pauses
 * the threads: that run's peak RSS and times are not the bench's figures.
 *
 * Prints measurements only. Stops by itself; stops the dev server and the emulator and removes its temp dir,
 * also on Ctrl-C.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { getHeapSnapshot } from 'node:v8';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import * as provisioningActivities from '../activities/provisioning.js';
import type { ProvisionInput } from '../provisioning/types.js';
import type { provisionWorkflow } from '../workflows/provision.js';
import { provisionWorkflowId } from '../workflows/provision-api.js';
import { benchInput } from './provisioning/bench-input.js';
import { Cleanup, runBench, wholeOption } from './provisioning/bench-run.js';
import { startBenchStack, type BenchStack } from './provisioning/bench-stack.js';
import {
  criticalPathBound,
  phaseOf,
  timedRequest,
  type CriticalPathBound,
  type TimedRequest,
} from './provisioning/critical-path.js';
import { keyGenerationCpu } from './provisioning/key-generation-cpu.js';
import { orgProblems } from './provisioning/org-integrity.js';
import { retryReasons } from './provisioning/retry-reasons.js';
import type { ActivityCall } from './provisioning/request-attribution.js';
import { kernelPeakRss, sampleRss } from './provisioning/rss-sampler.js';
import { saveSnapshot, summarizeSnapshot } from './provisioning/heap-summary.js';
import { processCpuMs } from './provisioning/process-cpu.js';
import { threadCpu, threadCpuSince } from './provisioning/thread-cpu.js';
import { workflowThreads } from './provisioning/workflow-threads.js';
import { provisionSequentially } from './provisioning/sequential-provision.js';
import { list, median, mib, ms, percentile, shape } from './provisioning/stats.js';

interface Options {
  runs: number;
  orgs: number;
  latencyMs: number;
  keySamples: number;
  /** Heap snapshots of the workflow thread and the main thread when half the orgs of (c) are done. */
  heapSnapshot: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      orgs: { type: 'string', default: '50' },
      'latency-ms': { type: 'string', default: '50' },
      'key-samples': { type: 'string', default: '30' },
      'heap-snapshot': { type: 'boolean', default: false },
    },
    strict: true,
  });
  return {
    runs: wholeOption('runs', values.runs, 1),
    orgs: wholeOption('orgs', values.orgs, 1),
    latencyMs: wholeOption('latency-ms', values['latency-ms'], 0),
    keySamples: wholeOption('key-samples', values['key-samples'], 1),
    heapSnapshot: values['heap-snapshot'],
  };
}

type Environment = BenchStack;

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
  /** The certificate step: with the key generated ahead, only the bundle's write (and the wait for the key). */
  certificateMs: number;
  /** The key generation started with the run (prepareCertificate), as timed in the worker. */
  keyGenerationMs: number;
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
  const timeOf = (c: ActivityCall | undefined) => (c ? callMs(c) : 0);
  const keyGenerationMs = timeOf(longest('key-generation'));
  return {
    bound: criticalPathBound(byStep, keyGenerationMs),
    requestCount: entries.length,
    unattributed,
    // The identity provider waits for both the parallel phase and the key generated from the start.
    activityPathMs: Math.max(timeOf(path[0]) + timeOf(path[1]), keyGenerationMs) + timeOf(path[2]),
    slowestParallelActivity: path[1]?.step ?? '(none)',
    certificateMs: Math.max(0, ...calls.filter((c) => c.step === 'certificate').map(callMs)),
    keyGenerationMs,
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
    `    activities along the path    ${ms(median(results.map((r) => r.activityPathMs)))}   (max(preflight + ${slowest}, key generation) + identity provider, timed in the worker)`,
  );
  console.log(
    `    wall − activities            ${ms(median(results.map((r) => r.wallMs - r.activityPathMs)))}   (what scheduling through Temporal added: median of per-run differences)`,
  );
  console.log(
    `    critical-path bound          ${ms(bound)}   (runs: ${list(results.map((r) => r.bound.totalMs))})`,
  );
  console.log(`    ratio wall/bound             ${ratio.toFixed(2)}   (median of per-run ratios)`);
  console.log(
    `    bound = max(request chain ${ms(b.requestChainMs)}, key generation ${ms(example.keyGenerationMs)} + identity provider ${ms(b.identityProvider.totalMs)}) in the median run, ` +
      `limited by ${b.limitedBy} (runs limited by the key: ${results.filter((r) => r.bound.limitedBy === 'key generation').length} of ${runs})`,
  );
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
    `    key generation (no requests, from the start of the run, alongside the preflight): median ${ms(median(results.map((r) => r.keyGenerationMs)))}; ` +
      `certificate step (writes the bundle, parallel phase): median ${ms(median(results.map((r) => r.certificateMs)))}`,
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

/**
 * Snapshots of the workflow thread(s) and this thread, written to the temp dir. Summarised only after (c), so that
 * parsing them does not count in its peak RSS.
 */
async function snapshotHeaps(env: Environment): Promise<{ what: string; rss: number; file: string }[]> {
  const rss = process.memoryUsage.rss();
  const files: { what: string; rss: number; file: string }[] = [];
  for (const [i, thread] of workflowThreads().entries()) {
    const file = join(env.tempRoot, `workflow-thread-${i}.heapsnapshot`);
    await saveSnapshot(await thread.getHeapSnapshot(), file);
    files.push({ what: `workflow thread ${i}`, rss, file });
  }
  const main = join(env.tempRoot, 'main-thread.heapsnapshot');
  await saveSnapshot(getHeapSnapshot(), main);
  files.push({ what: 'main thread', rss, file: main });
  return files;
}

async function printHeapSummaries(snapshots: { what: string; rss: number; file: string }[]): Promise<void> {
  for (const { what, rss, file } of snapshots) {
    const summary = await summarizeSnapshot(file);
    console.log(
      `    heap snapshot, ${what}   ${mib(summary.totalBytes)} of live objects (process RSS ${mib(rss)} when taken), largest kinds:`,
    );
    for (const k of summary.kinds.slice(0, 12)) {
      console.log(`      ${mib(k.bytes).padStart(8)}  ${String(k.count).padStart(8)} × ${k.kind}`);
    }
  }
}

async function measureMany(
  env: Environment,
  count: number,
  keySamples: number,
  heapSnapshot: boolean,
): Promise<void> {
  const inputs: ProvisionInput[] = [];
  for (let i = 0; i < count; i++) inputs.push(await freshOrg(env, 'c'));
  // Before (c), with nothing else running in this process: what CPU one bundle costs.
  const keyCpu = await keyGenerationCpu(inputs[0]!.certificate.options, keySamples);
  await env.emulator.clearRequests();
  env.attribution.clear();
  const rssBefore = process.memoryUsage.rss();
  const sampler = sampleRss(100);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const emulatorCpuBefore = await env.emulator.cpuUsage();
  const devServerCpuBefore = env.devServerPid ? await processCpuMs(env.devServerPid) : undefined;
  const threadsBefore = await threadCpu();
  let completed = 0;
  let snapshots: ReturnType<typeof snapshotHeaps> | undefined;
  const started = performance.now();
  const handles = await Promise.all(inputs.map((input) => startWorkflow(env, input)));
  const startedAll = performance.now() - started;
  const outcomes = await Promise.allSettled(
    handles.map(async (h) => {
      await h.result();
      const at = performance.now() - started;
      // Half-way is where most runs are in flight at once (the RSS peak is near); a snapshot pauses the thread.
      // It also costs native memory of its own while it is taken: this run's peak RSS is not the bench's figure.
      if (++completed === Math.ceil(count / 2) && heapSnapshot) snapshots = snapshotHeaps(env);
      return at;
    }),
  );
  const totalMs = performance.now() - started;
  const peak = sampler.stop();
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const emulatorCpu = await env.emulator.cpuUsage();
  const devServerCpu = env.devServerPid ? await processCpuMs(env.devServerPid) : undefined;
  const threadsAfter = await threadCpu();
  const threads = threadsBefore && threadsAfter ? threadCpuSince(threadsBefore, threadsAfter) : undefined;

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

  const cores = availableParallelism();
  const cpuBoundMs = (keyCpu.meanMs * count) / cores;
  console.log(`(c) ${count} orgs at once, one worker:`);
  console.log(
    `    total time                   ${ms(totalMs)}   (all ${count} started after ${ms(startedAll)})`,
  );
  console.log(
    `    CPU bound                    ${ms(cpuBoundMs)}   (key generation's CPU time for ${count} bundles / ${cores} cores: ` +
      `${ms(keyCpu.meanMs)} CPU per bundle, mean of ${keyCpu.samples} generated one at a time in this process before (c), ` +
      `min ${ms(keyCpu.minMs)}, max ${ms(keyCpu.maxMs)})`,
  );
  console.log(`    ratio total/CPU bound        ${(totalMs / cpuBoundMs).toFixed(2)}`);
  const emulatorMs =
    (emulatorCpu.userMicros +
      emulatorCpu.systemMicros -
      emulatorCpuBefore.userMicros -
      emulatorCpuBefore.systemMicros) /
    1000;
  const devServerMs =
    devServerCpu !== undefined && devServerCpuBefore !== undefined ? devServerCpu - devServerCpuBefore : NaN;
  const workerMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `    CPU used during (c)          this process ${ms(workerMs)} (key generation ≈ ${ms(keyCpu.meanMs * count)} of it), ` +
      `emulator ${ms(emulatorMs)}, dev server ${ms(devServerMs)}; ${cores} cores × total time = ${ms(cores * totalMs)}`,
  );
  if (threads) {
    console.log(
      `    this process's CPU by thread ${[...threads]
        .sort((a, b) => b[1] - a[1])
        .map(([group, cpuMs]) => `${group} ${ms(cpuMs)}`)
        .join(', ')}`,
    );
  }
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
  const { heapTotal, heapUsed, external, arrayBuffers } = peak.atPeak;
  console.log(
    `    peak RSS (this process)      ${mib(peak.rss)} sampled every 100 ms (${mib(rssBefore)} before (c)); at the peak: ` +
      `main-thread V8 heap ${mib(heapTotal)} (${mib(heapUsed)} used), external ${mib(external)} (array buffers ${mib(arrayBuffers)}), ` +
      `the rest ${mib(peak.rss - heapTotal - external)} (native: Temporal core, the workflow thread's V8 heap, code, stacks)`,
  );
  if (peak.mappings.size > 0) {
    console.log(
      `    resident by mapping          ${[...peak.mappings]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, bytes]) => `${kind} ${mib(bytes)}`)
        .join('; ')} (read near the peak, /proc/self/smaps; ${peak.sockets ?? '?'} open sockets then)`,
    );
  }
  const hwm = await kernelPeakRss();
  if (hwm !== undefined) console.log(`    VmHWM (process lifetime)     ${mib(hwm)}`);
  if (snapshots) await printHeapSummaries(await snapshots);
  for (const f of failures.slice(0, 5)) {
    const cause = (f.error as { cause?: Error }).cause;
    console.log(`    FAILED ${f.org}: ${f.error.message}${cause ? ` — ${cause.message}` : ''}`);
  }
}

async function main(cleanup: Cleanup): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const env = await startBenchStack(cleanup, {
    name: 'bench-provision',
    latencyMs: options.latencyMs,
    activities: provisioningActivities,
  });
  console.log(
    `bench:provision  latency ${options.latencyMs} ms fixed on every emulator request (token endpoint included), ` +
      `emulator rate limit off, runs ${options.runs}, orgs ${options.orgs}`,
  );
  console.log(`setup: ${env.setup}`);
  const { temporal, sequential } = await measureOneAgainstSequential(env, options.runs);
  printSequential(sequential, printOne(temporal));
  await measureMany(env, options.orgs, options.keySamples, options.heapSnapshot);
}

runBench(main);
