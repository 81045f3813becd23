/**
 * One verification through Temporal, the SAML sign-in included, against the critical path of its requests, on
 * loopback with the emulator adding a fixed latency to every request (the token endpoint included).
 *
 *   npm run bench:verify -- [--runs 7] [--latency-ms 50]
 *
 * Set-up as bench:provision's (bench/provisioning/bench-stack.ts). One org is provisioned once with the bench
 * spec plus a test user (`agent@<org>.example.com`); then one warm-up verification, not counted, and --runs
 * more, each a `verifyWorkflow` run: wall time from `workflow.start` to its result. The bound is read off the
 * emulator's request log as bench:provision reads it (bench/provisioning/critical-path.ts): the verification is
 * one activity, so the bound is the heaviest chain of its requests, a request depending on those that ended
 * before the server started it. The requests are the activity's own, whichever client made them (the admin
 * client's reads, the SAML2 bearer exchange, the signed-in user's read): those the server served between the
 * workflow's start and its result, nothing else running meanwhile (one verification at a time). Not by correlation id as
 * bench:provision attributes them: a request that waits for one of the client's pooled connections is created
 * (undici) outside the activity's async context, apparently in that of the connection that frees up, so 3 of the 16 reads
 * went missing from the bound (before this fix it counted 13).
 *
 * Prints measurements only; every run must come back `ok` (a failed check is printed, and the run still
 * counts: its time is what an operator waits).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { VerifyResult } from '../verification/types.js';
import { BUDGET_PER_MINUTE_ENV } from '../activities/request-budget.js';
import { activities } from '../worker/activities.js';
import { provisionWorkflowId } from '../workflows/provision-api.js';
import { benchVerifyInput } from './provisioning/bench-input.js';
import { type Cleanup, runBench, wholeOption } from './provisioning/bench-run.js';
import { startBenchStack, type BenchStack } from './provisioning/bench-stack.js';
import {
  longestChain,
  ORDER_TOLERANCE_MS,
  timedRequest,
  type Chain,
  type TimedRequest,
} from './provisioning/critical-path.js';
import { list, median, ms, shape } from './provisioning/stats.js';

interface VerificationRun {
  wallMs: number;
  activityMs: number;
  /** When the workflow was started and the activity ran, in epoch ms (the emulator log's clock). */
  startedAtMs: number;
  activityStartMs: number;
  activityEndMs: number;
  requests: TimedRequest[];
  bound: Chain;
  requestCount: number;
  report: VerifyResult;
}

async function verifyOnce(
  env: BenchStack,
  input: Awaited<ReturnType<typeof benchVerifyInput>>,
): Promise<VerificationRun> {
  const workflowId = `verify/${input.provision.org}/${randomBytes(3).toString('hex')}`;
  const started = performance.now();
  // The emulator logs Date.now() times; performance.timeOrigin drifts from that clock by a few ms, so the offset
  // of the two is taken now.
  const clockOffset = Date.now() - started;
  const epoch = (t: number) => clockOffset + t;
  const report = await env.client.workflow.execute<(i: typeof input) => Promise<VerifyResult>>(
    'verifyWorkflow',
    { workflowId, taskQueue: env.taskQueue, args: [input] },
  );
  const wallMs = performance.now() - started;
  const calls = env.attribution.calls.filter((c) => c.run === workflowId && c.step === 'verification');
  const call = calls.at(-1);
  const activityStartMs = epoch(call?.startMs ?? started);
  const activityEndMs = epoch(call?.endMs ?? call?.startMs ?? started);
  const requests = (await env.emulator.requests())
    .filter((e) => !e.path.startsWith('/__emulator/'))
    .map(timedRequest)
    .filter(
      (r) =>
        r.startMs >= activityStartMs - ORDER_TOLERANCE_MS && r.endMs <= activityEndMs + ORDER_TOLERANCE_MS,
    );
  return {
    wallMs,
    activityMs: Math.max(0, ...calls.map((c) => (c.endMs ?? c.startMs) - c.startMs)),
    startedAtMs: epoch(started),
    activityStartMs,
    activityEndMs,
    requests,
    bound: longestChain(requests),
    requestCount: requests.length,
    report,
  };
}

/**
 * The median run on one clock (epoch ms; the bench and the emulator share the machine's): when the workflow was
 * started, when the activity ran, and each request as the server saw it, with the time before it in which no
 * request of the run was at the server (client work: reading files, signing, JSON, the HTTP client).
 */
function printTimeline(run: VerificationRun): void {
  const at = (t: number) => `+${(t - run.startedAtMs).toFixed(0).padStart(4)} ms`;
  console.log(
    `    timeline of the median run (server-side request times; "idle" = no request at the server):`,
  );
  console.log(`      ${at(run.startedAtMs)}  workflow started`);
  console.log(`      ${at(run.activityStartMs)}  activity started`);
  let busyUntil = run.activityStartMs;
  for (const r of [...run.requests].sort((a, b) => a.startMs - b.startMs)) {
    const idle = r.startMs - busyUntil;
    console.log(
      `      ${at(r.startMs)}  ${shape(r).padEnd(52)} ${ms(r.durationMs).padStart(6)}${idle > 1 ? `   idle ${ms(idle)} before` : ''}`,
    );
    busyUntil = Math.max(busyUntil, r.endMs);
  }
  console.log(
    `      ${at(run.activityEndMs)}  activity ended${run.activityEndMs - busyUntil > 1 ? `   idle ${ms(run.activityEndMs - busyUntil)} before` : ''}`,
  );
  console.log(`      ${at(run.startedAtMs + run.wallMs)}  result received`);
}

async function main(cleanup: Cleanup): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      runs: { type: 'string', default: '7' },
      'latency-ms': { type: 'string', default: '50' },
    },
    strict: true,
  });
  const runs = wholeOption('runs', values.runs, 1);
  const latencyMs = wholeOption('latency-ms', values['latency-ms'], 0);
  // The bench verifies one org again and again (about 16 requests each): the worker's per-org request budget
  // (300/min, activities/request-budget.ts) would pace it from the second run on and the bench would measure the
  // pacing, not the requests' critical path. Off, like the emulator's rate limit, unless set explicitly.
  process.env[BUDGET_PER_MINUTE_ENV] ??= '0';
  const env = await startBenchStack(cleanup, { name: 'bench-verify', latencyMs, activities });
  console.log(
    `bench:verify  latency ${latencyMs} ms fixed on every emulator request (token endpoint included), ` +
      `emulator rate limit off, worker request budget ${process.env[BUDGET_PER_MINUTE_ENV] === '0' ? 'off' : process.env[BUDGET_PER_MINUTE_ENV] + '/min'}, runs ${runs}`,
  );
  console.log(`setup: ${env.setup}`);

  const org = await env.emulator.createOrg(`bench-v-${randomBytes(3).toString('hex')}`);
  const input = await benchVerifyInput(env.emulator.url, org, env.tempRoot);
  await env.client.workflow.execute('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.provision.org),
    taskQueue: env.taskQueue,
    args: [input.provision],
  });

  await verifyOnce(env, input);
  const results: VerificationRun[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(await verifyOnce(env, input));
    await env.emulator.clearRequests();
  }

  const example = [...results].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(results.length / 2)]!;
  console.log(
    `one verification through Temporal (read the org, judge it, SAML sign-in as ${input.testUser?.email}), ` +
      `median of ${runs} (+1 warm-up), the org provisioned once before:`,
  );
  console.log(
    `    wall time                    ${ms(median(results.map((r) => r.wallMs)))}   (runs: ${list(results.map((r) => r.wallMs))})`,
  );
  console.log(
    `    verification activity        ${ms(median(results.map((r) => r.activityMs)))}   (timed in the worker; ` +
      `wall − activity ${ms(median(results.map((r) => r.wallMs - r.activityMs)))}, what scheduling through Temporal added)`,
  );
  console.log(
    `    critical-path bound          ${ms(median(results.map((r) => r.bound.totalMs)))}   (runs: ${list(results.map((r) => r.bound.totalMs))})`,
  );
  console.log(
    `    ratio wall/bound             ${median(results.map((r) => r.wallMs / r.bound.totalMs)).toFixed(2)}   (median of per-run ratios)`,
  );
  console.log(
    `    median run's bound: ${example.bound.requests.length} dependent requests of ${example.requestCount}: ` +
      example.bound.requests.map(shape).join(' → '),
  );
  printTimeline(example);
  const notOk = results.flatMap((r) => r.report.checks.filter((c) => c.status !== 'ok'));
  console.log(
    notOk.length === 0
      ? `    verdict                      ok in every run (${example.report.checks.length} checks, ${example.report.checks.find((c) => c.name.startsWith('saml-bearer:'))?.details[0] ?? 'no SAML check'})`
      : `    NOT OK                       ${[...new Set(notOk.map((c) => `${c.name}: ${c.status} (${c.details.join('; ')})`))].join(' | ')}`,
  );
}

runBench(main);
