/**
 * One compiled worker process (`node dist/worker/main.js`, what `npm run worker` runs) on the bench's task queue,
 * with its own metrics port, and its peak RSS read from the kernel while it lives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUILD_HINT, compiledPath, PROJECT_ROOT, WORKFLOW_BUNDLE_PATH } from '../../build/layout.js';
import { workerPolls } from '../../stack/health.js';
import { getFreePort } from '../../temporal-cli/free-port.js';
import { kernelPeakRss } from '../provisioning/rss-sampler.js';

const WORKER_MAIN = compiledPath('worker/main.ts');

export interface WorkerSettings {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  codecKey: string;
  /** Declared fleet size: each worker takes budget ÷ workers (activities/request-budget.ts). */
  workers: number;
  budgetPerMinute: number;
  logFile: string;
}

export interface WorkerProcess {
  name: string;
  pid: number;
  metricsPort: number;
  /** The highest VmHWM read so far (bytes): the process's lifetime peak up to its last reading. */
  peakRss(): number;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<string>;
}

export function assertBuilt(): void {
  for (const file of [WORKER_MAIN, WORKFLOW_BUNDLE_PATH]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: ${BUILD_HINT}.`);
  }
}

export async function startWorkerProcess(name: string, settings: WorkerSettings): Promise<WorkerProcess> {
  const metricsPort = await getFreePort();
  const log = await open(settings.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [WORKER_MAIN, '--task-queue', settings.taskQueue], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: settings.temporalAddress,
      TEMPORAL_NAMESPACE: settings.namespace,
      HYBRID_CODEC_KEY: settings.codecKey,
      HYBRID_CODEC_KEY_FILE: '',
      HYBRID_METRICS_PORT: String(metricsPort),
      HYBRID_METRICS_HOST: '127.0.0.1',
      HYBRID_WORKER_COUNT: String(settings.workers),
      HYBRID_GENESYS_REQUESTS_PER_MINUTE: String(settings.budgetPerMinute),
      UV_THREADPOOL_SIZE: '16',
    },
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(signal ?? `code ${code}`);
    }),
  );
  const pid = child.pid!;
  let peak = 0;
  let alive = true;
  void exited.then(() => (alive = false));
  const sample = setInterval(() => {
    void kernelPeakRss(pid).then((hwm) => {
      if (alive && hwm !== undefined) peak = Math.max(peak, hwm);
    });
  }, 250);
  void exited.then(() => clearInterval(sample));

  // Ready once the server lists it among the task queue's pollers (stack/health.ts, by pid).
  const deadline = Date.now() + 120_000;
  while (!(await workerPolls(settings.temporalAddress, settings.taskQueue, pid, settings.namespace))) {
    if (!alive) throw new Error(`${name} exited before it polled; see ${settings.logFile}`);
    if (Date.now() > deadline) throw new Error(`${name} did not poll within 120 s; see ${settings.logFile}`);
    await sleep(250);
  }
  return {
    name,
    pid,
    metricsPort,
    peakRss: () => peak,
    kill: (signal) => {
      if (alive) child.kill(signal);
    },
    exited,
  };
}
