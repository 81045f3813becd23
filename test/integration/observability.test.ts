/**
 * Metrics, traces and JSON logs of the real processes: the worker entry point (`npm run worker`) in a child
 * process with HYBRID_METRICS_PORT, OTEL_EXPORTER_OTLP_ENDPOINT and HYBRID_LOG_FORMAT=json, and the `hybrid`
 * CLI in child processes, against the global dev server and an emulator of its own. The test scrapes the worker's
 * /metrics around the runs and receives the spans of both processes on a local OTLP endpoint.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compiledPath } from '../../build/layout.js';
import { createDataConverter } from '../../codec/data-converter.js';
import { parseKeyring } from '../../codec/keys.js';
import { METRICS } from '../../observability/metric-names.js';
import { getFreePort } from '../../temporal-cli/free-port.js';
import type { ProvisionProgress } from '../../provisioning/types.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../workflows/provision-api.js';
import { ownEmulator } from './support/own-emulator.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { parsePrometheusText, sumOf, type Sample } from './support/prometheus-text.js';
import { createTestOrg, type TestOrg } from './verify/harness.js';
import { alertRules, dashboardExpressions, metricNamesIn } from '../support/ops-files.js';
import { waitFor } from './support/wait-for.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HYBRID = fileURLToPath(new URL('../../bin/hybrid.mjs', import.meta.url));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

// Its own emulator: the latency the cancellation test sets must not slow the files running alongside.
const emulator = await ownEmulator();
const codecKey = `obs-test:${randomBytes(32).toString('base64')}`;
const taskQueue = `obs-test-${randomBytes(4).toString('hex')}`;
let otlp: OtlpReceiver;
let metricsUrl: string;
let worker: ChildProcess;
let workerStderr = '';
let org: TestOrg;
/** Scrapes before and after `hybrid provision --wait` and `hybrid verify` of `org`, which every test looks at. */
let before: Sample[];
let after: Sample[];

/** Telemetry settings both processes get; the batch span processor exports every 200 ms instead of 5 s. */
function telemetryEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    HYBRID_CODEC_KEY: codecKey,
    HYBRID_CODEC_KEY_FILE: '',
    HYBRID_TASK_QUEUE: taskQueue,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    HYBRID_LOG_FORMAT: 'json',
  };
}

async function hybrid(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [HYBRID, ...args], {
      env: { ...telemetryEnv(), ...org.env },
      timeout: 150_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

async function scrape(): Promise<Sample[]> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

beforeAll(async () => {
  otlp = await startOtlpReceiver();
  const port = await getFreePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  org = await createTestOrg(emulator.url, 'obs');
  // Compiled, as `npm run worker` runs it (the global setup builds dist/ from the current sources).
  worker = spawn(process.execPath, [compiledPath('worker/main.ts')], {
    cwd: ROOT,
    env: { ...telemetryEnv(), HYBRID_METRICS_PORT: String(port), HYBRID_METRICS_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.resume();
  worker.stderr?.on('data', (chunk: Buffer) => (workerStderr += chunk.toString('utf8')));
  // The worker logs this once it polls (slow on a loaded machine).
  await waitFor(
    'the worker to poll',
    async () => (workerStderr.includes('polling task queue') ? true : undefined),
    180_000,
  );

  before = await scrape();
  const provisioned = await hybrid('provision', '--spec', org.specPath, '--wait');
  expect(provisioned.code, provisioned.stderr).toBe(0);
  const verified = await hybrid('verify', '--spec', org.specPath);
  expect(verified.code, verified.stderr).toBe(0);
  after = await scrape();
}, 300_000);

afterAll(async () => {
  worker?.kill('SIGTERM');
  await org?.genesys.close();
  await otlp?.close();
});

describe('the worker metrics endpoint', () => {
  it('counts the completed run, once', () => {
    const completed = (s: Sample[]) => sumOf(s, METRICS.provisioningRuns, { outcome: 'completed' });
    expect(completed(after) - completed(before)).toBe(1);
  });

  it('counts Genesys requests by method, templated route and status, never with an id', () => {
    const requests = after.filter((s) => s.name === METRICS.genesysRequests);
    expect(
      sumOf(after, METRICS.genesysRequests, {
        method: 'POST',
        route: '/api/v2/oauth/clients',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(requests.some((s) => s.labels.route === '/api/v2/authorization/roles/{id}')).toBe(true);
    expect(sumOf(after, METRICS.genesysRequests, { route: '/oauth/token' })).toBeGreaterThanOrEqual(1);
    const hybridLabels = after
      .filter((s) => s.name.startsWith('hybrid_'))
      .flatMap((s) => Object.values(s.labels));
    expect(hybridLabels.filter((v) => UUID.test(v))).toEqual([]);
  });

  it('sets the drift and certificate gauges from the verification', () => {
    expect(sumOf(after, METRICS.driftItems, { org: org.slug })).toBe(0);
    const days = sumOf(after, METRICS.certificateDaysRemaining, { org: org.slug });
    expect(days).toBeGreaterThanOrEqual(398);
    expect(days).toBeLessThanOrEqual(400);
  });

  it("serves the Temporal SDK's own series on the same endpoint", async () => {
    expect(
      sumOf(after, 'temporal_workflow_completed') - sumOf(before, 'temporal_workflow_completed'),
    ).toBeGreaterThanOrEqual(2);
    expect(after.some((s) => s.name.startsWith('temporal_activity_execution_latency'))).toBe(true);
    // The shipped dashboard and alerts name real Temporal series (ours: test/unit/ops-monitoring.test.ts);
    // a failure counter appears with the first failure.
    const eventOnly = new Set(['temporal_workflow_failed']);
    const exported = new Set(after.map((s) => s.name.replace(/_(bucket|sum|count)$/, '')));
    const expressions = [...(await alertRules()).map((r) => r.expr), ...(await dashboardExpressions())];
    for (const name of expressions.flatMap(metricNamesIn)) {
      if (name.startsWith('temporal_') && !eventOnly.has(name)) expect(exported, name).toContain(name);
    }
  });

  it('counts a cancelled run and its compensations by resource kind', async () => {
    const cancelledOrg = await createTestOrg(emulator.url, 'obs-cancel');
    const input = (await cancelledOrg.verifyInput()).provision;
    const dataConverter = await createDataConverter({ keyring: parseKeyring(codecKey, 'HYBRID_CODEC_KEY') });
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const client = new Client({ connection, namespace: inject('temporalNamespace'), dataConverter });
    const start = await scrape();
    try {
      // Slow calls, so that the cancellation lands after the OAuth clients exist and before the run ends.
      await emulator.setFaults({
        rules: [{ name: 'slow', match: { path: '/api/v2/**' }, latency: { fixedMs: 150 } }],
      });
      const handle = await client.workflow.start('provisionWorkflow', {
        workflowId: provisionWorkflowId(input.org),
        taskQueue,
        args: [input],
      });
      await waitFor('an OAuth client step to finish', async () => {
        const progress: ProvisionProgress = await handle.query(provisionProgressQuery);
        return (
          progress.steps.some((s) => s.step.startsWith('oauth-client:') && s.status === 'done') || undefined
        );
      });
      await handle.cancel();
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    } finally {
      await emulator.clearFaults();
      await connection.close();
      await cancelledOrg.genesys.close();
    }
    const end = await waitFor(
      'the counters to move',
      async () => {
        const samples = await scrape();
        return sumOf(samples, METRICS.provisioningRuns, { outcome: 'cancelled' }) >
          sumOf(start, METRICS.provisioningRuns, { outcome: 'cancelled' })
          ? samples
          : undefined;
      },
      20_000,
    );
    const undone = (s: Sample[]) =>
      sumOf(s, METRICS.compensations, { step: 'oauth-client', outcome: 'compensated' });
    expect(undone(end) - undone(start)).toBe(2);
    const steps = end.filter((s) => s.name === METRICS.compensations).map((s) => s.labels.step);
    expect(steps.every((step) => step !== undefined && !step.includes(':'))).toBe(true);
  }, 180_000);
});

describe('traces', () => {
  /** Spans of the `hybrid provision` trace: the CLI's root span and everything under it. */
  async function provisionTrace(): Promise<ReceivedSpan[]> {
    const root = otlp.spans.find((s) => s.service === 'hybrid-cli' && s.name === 'hybrid provision');
    expect(root, 'the CLI exported its command span').toBeDefined();
    // The worker exports in batches: wait for its last span of the run (the identity provider step's request).
    return waitFor(
      'the worker spans of the run',
      async () => {
        const trace = otlp.spans.filter((s) => s.traceId === root!.traceId);
        return trace.some((s) => s.name === 'RunActivity:ensureIdentityProvider') &&
          trace.some((s) => s.name === 'RunWorkflow:provisionWorkflow')
          ? trace
          : undefined;
      },
      30_000,
    );
  }

  it('puts one provisioning run in one trace: CLI → start → workflow → activities → Genesys requests', async () => {
    const trace = await provisionTrace();
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const names = new Set(trace.map((s) => s.name));
    for (const name of [
      'hybrid provision',
      'StartWorkflow:provisionWorkflow',
      'RunWorkflow:provisionWorkflow',
      'StartActivity:inspectOrg',
      'RunActivity:inspectOrg',
      'RunActivity:ensureOAuthClient',
      'RunActivity:ensureIdentityProvider',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['hybrid-cli', 'hybrid-worker']));

    // Every Genesys request of an activity hangs under that activity's span.
    const requests = trace.filter((s) => typeof s.attributes['url.full'] === 'string');
    const genesysRequests = requests.filter((s) => String(s.attributes['url.full']).startsWith(emulator.url));
    expect(genesysRequests.length).toBeGreaterThanOrEqual(10);
    for (const request of genesysRequests) {
      expect(byId.get(request.parentSpanId ?? '')?.name).toMatch(/^RunActivity:/);
    }
    // …and every span leads back to the CLI's command span.
    for (const span of trace) {
      let current: ReceivedSpan | undefined = span;
      for (let depth = 0; current?.parentSpanId && depth < 20; depth++)
        current = byId.get(current.parentSpanId);
      expect(current?.name, `root of ${span.name}`).toBe('hybrid provision');
    }
  });

  it('gives each run a trace of its own', async () => {
    const provisionTraceId = (await provisionTrace())[0]!.traceId;
    const verifyRoot = otlp.spans.find((s) => s.service === 'hybrid-cli' && s.name === 'hybrid verify');
    expect(verifyRoot).toBeDefined();
    expect(verifyRoot!.traceId).not.toBe(provisionTraceId);
    const runs = otlp.spans.filter(
      (s) => s.name === 'RunWorkflow:verifyWorkflow' && s.traceId === verifyRoot!.traceId,
    );
    expect(runs).toHaveLength(1);
  });
});

describe('JSON logs', () => {
  it('the worker writes one JSON object per line, the runtime logger redacting as in text mode', () => {
    const lines = workerStderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry).toMatchObject({
        component: 'worker',
        level: expect.any(String),
        message: expect.any(String),
      });
    }
    expect(lines.some((l) => l.includes('polling task queue'))).toBe(true);
  });

  it('the CLI reports a failure as a JSON line', async () => {
    const result = await hybrid('verify', '--spec', '/nonexistent/org.yaml');
    expect(result.code).toBe(2);
    const entry = JSON.parse(result.stderr.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      component: 'cli',
      level: 'ERROR',
      message: expect.stringContaining('/nonexistent/org.yaml'),
    });
  });
});
