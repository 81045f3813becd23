/**
 * What every Temporal bench runs on: the emulator in a child process (rate limit off: the benches measure
 * latency, not the per-token limit) with a fixed latency on every request, a Temporal dev server (headless, in
 * memory, free port), and in this process one worker with SDK-default concurrency, the payload codec, the
 * workflow bundle built in a child process, and activities wrapped so that each call is attributed (its
 * requests, its timing) to its run and step.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { closeGenesysClients } from '../../activities/genesys-session.js';
import { createDataConverter } from '../../codec/data-converter.js';
import { parseKeyring } from '../../codec/keys.js';
import { startDevServer } from '../../temporal-cli/dev-server.js';
import { getFreePort } from '../../temporal-cli/free-port.js';
import type { Cleanup } from './bench-run.js';
import { applyWorkerHeapPolicy } from '../../worker/heap-policy.js';
import { fixedLatency, spawnEmulator, type EmulatorProcess } from './emulator-process.js';
import { RequestAttribution, stepOf } from './request-attribution.js';
import { ms } from './stats.js';
import { buildWorkflowBundle } from './workflow-bundle.js';
import { recordWorkerThreads } from './workflow-threads.js';

type ActivityFn = (...args: unknown[]) => Promise<unknown>;

/** The activities, each call tracked with its workflow id, step and attempt. */
function trackedActivities(attribution: RequestAttribution, activities: object): Record<string, ActivityFn> {
  return Object.fromEntries(
    Object.entries(activities).map(([activity, fn]) => [
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

export interface BenchStack {
  emulator: EmulatorProcess;
  client: Client;
  taskQueue: string;
  attribution: RequestAttribution;
  tempRoot: string;
  /** The Temporal dev server's process, for its CPU time. */
  devServerPid: number | undefined;
  /** One line on what was started, for the bench's header. */
  setup: string;
}

export async function startBenchStack(
  cleanup: Cleanup,
  opts: { name: string; latencyMs: number; activities: object },
): Promise<BenchStack> {
  // Before any connection. No shutdown signals: Ctrl-C runs the bench's cleanup instead.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  const tempRoot = await mkdtemp(join(tmpdir(), `${opts.name}-`));
  cleanup.add('remove temp dir', () => rm(tempRoot, { recursive: true, force: true }), { outside: true });

  const emulator = await spawnEmulator({ rateLimitPerMinute: 0 });
  cleanup.add('stop emulator', () => emulator.stop(), { outside: true });
  await emulator.setFaults(fixedLatency(opts.latencyMs));

  const devServer = await startDevServer({ port: await getFreePort(), headless: true });
  cleanup.add('stop dev server', () => devServer.stop(), { outside: true });

  const attribution = new RequestAttribution();
  attribution.start();
  cleanup.add('stop request attribution', () => attribution.stop());

  const keyring = parseKeyring(`bench:${randomBytes(32).toString('base64')}`, 'bench codec key');
  const dataConverter = await createDataConverter({ keyring });
  const bundleStarted = performance.now();
  const codePath = await buildWorkflowBundle(tempRoot);
  const bundleMs = performance.now() - bundleStarted;

  const nativeConnection = await NativeConnection.connect({ address: devServer.address });
  cleanup.add('close worker connection', () => nativeConnection.close());
  const taskQueue = `${opts.name}-${randomBytes(4).toString('hex')}`;
  // So that the bench can see the workflow thread the SDK starts (its load, its heap).
  recordWorkerThreads();
  // As worker/main.ts does: the V8 heaps of this process, the workflow thread's included, favour size.
  applyWorkerHeapPolicy();
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: devServer.namespace,
    taskQueue,
    // The bundle a production worker loads when it does not trace (worker/create-worker.ts).
    workflowBundle: { codePath },
    activities: trackedActivities(attribution, opts.activities),
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
  const setup =
    `emulator (child process) ${emulator.url}; dev server ${devServer.address} ready in ${ms(devServer.startupMs)}; ` +
    `workflow bundle ${ms(bundleMs)} (child process, as npm run build makes it); worker with SDK-default concurrency`;
  return { emulator, client, taskQueue, attribution, tempRoot, devServerPid: devServer.process.pid, setup };
}
