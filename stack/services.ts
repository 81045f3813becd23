/** The four services of the local stack: how each is started, where it listens, and how to tell it is ready. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { nodeArgsFor, PROJECT_ROOT } from '../build/layout.js';
import { devServerArgs } from '../temporal-cli/dev-server.js';
import { resolveTemporalCli } from '../temporal-cli/resolve.js';
import type { StackConfig } from './config.js';
import { codecServerAnswers, emulatorAnswers, temporalAnswers, webUiAnswers, workerPolls } from './health.js';
import { localTemporalAddress, localTemporalEnv } from './local-temporal-env.js';
import { serviceEnv } from './service-env.js';
import { workerIndex, workerName, type ServiceName, type StackPaths, type WorkerName } from './paths.js';
import type { ServiceRecord } from './state-file.js';

export { PROJECT_ROOT };

/** Node runs each entry point directly, no shell or `npx` wrapper: compiled from a compiled CLI, else via tsx. */
function nodeEntryPoint(relativePath: string, args: string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [...nodeArgsFor(relativePath), ...args] };
}

export interface Launch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** What goes into stack.json besides pid, command line and log. */
  record: Pick<ServiceRecord, 'port' | 'uiPort' | 'taskQueue' | 'metricsPort' | 'adminClientId'>;
}

export interface LaunchContext {
  config: StackConfig;
  paths: StackPaths;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface ServiceDefinition {
  name: ServiceName;
  /** Ports it will bind, checked before starting so that a clash is reported by flag rather than by a crash. */
  ports(config: StackConfig): Array<{ port: number; flag: string }>;
  launch(ctx: LaunchContext): Promise<Launch>;
  ready(record: ServiceRecord): Promise<boolean>;
  readyTimeoutMs: number;
  /** How to reach it, for the summary lines. */
  endpoints(record: ServiceRecord): string;
}

export function codecEndpoint(port: number): string {
  return `http://127.0.0.1:${port}`;
}

export function webUiUrl(uiPort: number): string {
  return `http://localhost:${uiPort}`;
}

export function emulatorUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

const temporal: ServiceDefinition = {
  name: 'temporal',
  ports: (c) => [
    { port: c.temporalPort, flag: '--temporal-port' },
    { port: c.uiPort, flag: '--ui-port' },
  ],
  async launch({ config, paths, env, log }) {
    const cli = await resolveTemporalCli({ log, env });
    await mkdir(path.dirname(paths.temporalDb), { recursive: true, mode: 0o700 });
    const args = devServerArgs({
      port: config.temporalPort,
      uiPort: config.uiPort,
      dbFile: paths.temporalDb,
      codecEndpoint: codecEndpoint(config.codecPort),
    });
    return {
      command: cli,
      args,
      env: serviceEnv('temporal', env),
      record: { port: config.temporalPort, uiPort: config.uiPort },
    };
  },
  // The UI comes up a moment after the frontend; the stack is only ready for a newcomer once both answer.
  ready: async (r) =>
    (await temporalAnswers(localTemporalAddress(r.port))) &&
    (r.uiPort === undefined || (await webUiAnswers(webUiUrl(r.uiPort)))),
  readyTimeoutMs: 90_000,
  endpoints: (r) =>
    `gRPC ${localTemporalAddress(r.port)}${r.uiPort === undefined ? '' : `  Web UI ${webUiUrl(r.uiPort)}`}`,
};

const emulator: ServiceDefinition = {
  name: 'emulator',
  ports: (c) => [{ port: c.emulatorPort, flag: '--emulator-port' }],
  async launch({ config, paths, env }) {
    // The state file holds the org's client secrets: keep its folder private.
    await mkdir(path.dirname(paths.emulatorStateFile), { recursive: true, mode: 0o700 });
    const entry = nodeEntryPoint('emulator/main.ts', [
      '--port',
      String(config.emulatorPort),
      '--host',
      '127.0.0.1',
      '--state-file',
      paths.emulatorStateFile,
      ...(config.consistencyLagMs > 0 ? ['--consistency-lag-ms', String(config.consistencyLagMs)] : []),
    ]);
    return {
      ...entry,
      env: {
        ...serviceEnv('emulator', env),
        EMULATOR_ADMIN_CLIENT_ID: config.emulatorAdmin.clientId,
        EMULATOR_ADMIN_CLIENT_SECRET: config.emulatorAdmin.clientSecret,
      },
      record: { port: config.emulatorPort, adminClientId: config.emulatorAdmin.clientId },
    };
  },
  ready: (r) => emulatorAnswers(emulatorUrl(r.port)),
  readyTimeoutMs: 60_000,
  endpoints: (r) => `${emulatorUrl(r.port)}${r.adminClientId ? `  admin client ${r.adminClientId}` : ''}`,
};

const codec: ServiceDefinition = {
  name: 'codec',
  ports: (c) => [{ port: c.codecPort, flag: '--codec-port' }],
  async launch({ config, env }) {
    // The start-dev UI cannot send a bearer token (codec/README.md), so the local stack serves without one,
    // bound to 127.0.0.1 and answering only the local UI's origins.
    const ui = config.uiPort;
    const entry = nodeEntryPoint('client/cli.ts', [
      'codec-server',
      '--port',
      String(config.codecPort),
      '--insecure-no-auth',
      '--allowed-origin',
      `http://localhost:${ui}`,
      '--allowed-origin',
      `http://127.0.0.1:${ui}`,
    ]);
    return { ...entry, env: serviceEnv('codec', env), record: { port: config.codecPort } };
  },
  ready: (r) => codecServerAnswers(codecEndpoint(r.port)),
  readyTimeoutMs: 60_000,
  endpoints: (r) => `${codecEndpoint(r.port)}  (no token, loopback only, for the local Web UI)`,
};

/**
 * The `index`-th worker process (from 1). All poll one task queue; each serves its own /metrics (the Prometheus
 * exporter binds one port per process) at --metrics-port + index − 1, and takes its share of each org's request
 * budget (activities/request-budget.ts: HYBRID_WORKER_COUNT).
 */
export function workerMetricsPort(config: StackConfig, index: number): number {
  return config.metricsPort + index - 1;
}

function workerService(name: WorkerName): ServiceDefinition {
  const index = workerIndex(name);
  return {
    name,
    ports: (c) => [
      {
        port: workerMetricsPort(c, index),
        flag: index === 1 ? '--metrics-port' : `--metrics-port (worker ${index} uses it + ${index - 1})`,
      },
    ],
    async launch({ config, paths, env }) {
      const entry = nodeEntryPoint('worker/main.ts', ['--task-queue', config.taskQueue]);
      const metricsPort = workerMetricsPort(config, index);
      return {
        ...entry,
        // Activities' file I/O shares libuv's thread pool with RSA key generation; the default 4 threads made
        // two-request steps wait seconds behind queued key generations (bench:provision, 50 orgs at once).
        env: {
          UV_THREADPOOL_SIZE: '16',
          // Loopback, like every service of the local stack (worker/telemetry.ts).
          HYBRID_METRICS_PORT: String(metricsPort),
          HYBRID_METRICS_HOST: '127.0.0.1',
          HYBRID_WORKER_COUNT: String(config.workers),
          ...localTemporalEnv(serviceEnv('worker', env), paths.temporalConfigFile),
        },
        record: { port: config.temporalPort, taskQueue: config.taskQueue, metricsPort },
      };
    },
    ready: (r) => workerPolls(localTemporalAddress(r.port), r.taskQueue ?? '', r.pid),
    // From the CLI the worker runs dist/ with the prebuilt workflow bundle; from the tests it loads the TypeScript
    // sources and bundles the workflows at start, which takes a while on a busy 2-core machine.
    readyTimeoutMs: 180_000,
    endpoints: (r) =>
      `task queue ${r.taskQueue ?? '?'} on ${localTemporalAddress(r.port)}; ` +
      `metrics http://127.0.0.1:${r.metricsPort ?? '?'}/metrics`,
  };
}

export const SERVICES: Readonly<Record<'temporal' | 'emulator' | 'codec' | 'worker', ServiceDefinition>> = {
  temporal,
  emulator,
  codec,
  worker: workerService('worker'),
};

/** The definition of any service, extra workers (`worker-2` …) included. */
export function serviceDefinition(name: ServiceName): ServiceDefinition {
  return name in SERVICES ? SERVICES[name as keyof typeof SERVICES] : workerService(name as WorkerName);
}

/** The worker processes `stack up` runs: `worker`, `worker-2` … `worker-N`. */
export function workerServices(config: StackConfig): ServiceDefinition[] {
  return Array.from({ length: config.workers }, (_, i) => workerService(workerName(i + 1)));
}
