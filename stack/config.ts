/** What `stack up` starts where: ports, emulator admin client, task queue, data directory. */
import { resolveTaskQueue } from '../temporal/task-queue.js';
import { resolveDataDir } from './paths.js';

// 9464: the port OpenTelemetry's Prometheus exporter uses by convention, for the worker's /metrics.
export const DEFAULT_PORTS = { temporal: 7233, emulator: 9100, codec: 8888, metrics: 9464 } as const;
/** The local demo's emulator admin client; the examples/demo-org.yaml credentials point at it. */
export const DEMO_ADMIN_CLIENT_ID = 'demo-admin';
export const DEMO_ADMIN_CLIENT_SECRET = 'demo-admin-secret';

export interface StackConfig {
  dataDir: string;
  temporalPort: number;
  uiPort: number;
  emulatorPort: number;
  codecPort: number;
  /** The first worker's Prometheus endpoint (HYBRID_METRICS_PORT); worker i uses metricsPort + i − 1. */
  metricsPort: number;
  /** How many worker processes poll the task queue (`--workers`, default 1). */
  workers: number;
  taskQueue: string;
  /** The emulator's `--consistency-lag-ms` (reads lag writes; emulator/consistency.ts); 0 = off. */
  consistencyLagMs: number;
  /** Given to the emulator through its environment, never on its command line (which `ps` shows). */
  emulatorAdmin: { clientId: string; clientSecret: string };
}

/** The flags `stack up` (and the demo) accept; ports as typed, checked here. */
export interface StackFlags {
  dataDir?: string;
  temporalPort?: string;
  uiPort?: string;
  emulatorPort?: string;
  codecPort?: string;
  metricsPort?: string;
  workers?: string;
  consistencyLagMs?: string;
}

/** Enough for any laptop; a real fleet runs its workers wherever it likes (README, "Another Temporal cluster"). */
const MAX_LOCAL_WORKERS = 16;

export class StackConfigError extends Error {
  override name = 'StackConfigError';
}

export function stackConfigFrom(flags: StackFlags, env: NodeJS.ProcessEnv = process.env): StackConfig {
  const temporalPort = parsePort(flags.temporalPort, '--temporal-port') ?? DEFAULT_PORTS.temporal;
  const config: StackConfig = {
    dataDir: resolveDataDir(flags.dataDir, env),
    temporalPort,
    uiPort: parsePort(flags.uiPort, '--ui-port') ?? temporalPort + 1000,
    emulatorPort: parsePort(flags.emulatorPort, '--emulator-port') ?? DEFAULT_PORTS.emulator,
    codecPort: parsePort(flags.codecPort, '--codec-port') ?? DEFAULT_PORTS.codec,
    metricsPort: parsePort(flags.metricsPort, '--metrics-port') ?? DEFAULT_PORTS.metrics,
    workers: parseWorkers(flags.workers),
    taskQueue: resolveTaskQueue(undefined, env),
    consistencyLagMs: parseLagMs(flags.consistencyLagMs),
    emulatorAdmin: {
      clientId: env.EMULATOR_ADMIN_CLIENT_ID || DEMO_ADMIN_CLIENT_ID,
      clientSecret: env.EMULATOR_ADMIN_CLIENT_SECRET || DEMO_ADMIN_CLIENT_SECRET,
    },
  };
  assertDistinctPorts(config);
  return config;
}

function parseLagMs(text: string | undefined): number {
  if (text === undefined) return 0;
  const ms = Number(text);
  if (!/^\d+$/.test(text.trim()) || ms > 600_000) {
    throw new StackConfigError(
      `--consistency-lag-ms must be a whole number of ms from 0 to 600000, got "${text}".`,
    );
  }
  return ms;
}

function parsePort(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65535) {
    throw new StackConfigError(`${flag} must be a port number between 1 and 65535, got "${text}".`);
  }
  return port;
}

function parseWorkers(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > MAX_LOCAL_WORKERS) {
    throw new StackConfigError(
      `--workers must be a whole number from 1 to ${MAX_LOCAL_WORKERS}, got "${text}".`,
    );
  }
  return n;
}

function assertDistinctPorts(config: StackConfig): void {
  const ports: Array<[string, number]> = [
    ['--temporal-port', config.temporalPort],
    ['--ui-port', config.uiPort],
    ['--emulator-port', config.emulatorPort],
    ['--codec-port', config.codecPort],
    ['--metrics-port', config.metricsPort],
    ...Array.from({ length: config.workers - 1 }, (_, i): [string, number] => [
      `--metrics-port + ${i + 1} (worker ${i + 2}'s metrics)`,
      config.metricsPort + i + 1,
    ]),
  ];
  for (const [i, [flag, port]] of ports.entries()) {
    const clash = ports.slice(i + 1).find(([, other]) => other === port);
    if (clash)
      throw new StackConfigError(`${flag} and ${clash[0]} are both ${port}; give each service its own port.`);
  }
}
