/**
 * The worker process's telemetry, set up once before any connection: the Temporal runtime with the
 * redacting logger (text or JSON lines, HYBRID_LOG_FORMAT) and, when HYBRID_METRICS_PORT is set, the
 * runtime's Prometheus exporter at http://<HYBRID_METRICS_HOST>:<port>/metrics.
 *
 * One endpoint for everything: the SDK's own series (temporal_*) and ours (hybrid_*, observability/
 * metric-names.ts), which the workflows and activities record through the SDK's metric meters, so no
 * second registry or HTTP server is needed.
 */
import { Runtime, type LogLevel, type Logger } from '@temporalio/worker';
import { jsonLogLine, logFormatFrom } from '../observability/log-format.js';
import { createRedactingLogger } from './redacting-logger.js';

export const METRICS_PORT_ENV = 'HYBRID_METRICS_PORT';
export const METRICS_HOST_ENV = 'HYBRID_METRICS_HOST';
/** All interfaces by default: Prometheus scrapes from another host. `hybrid stack up` binds loopback. */
const DEFAULT_METRICS_HOST = '0.0.0.0';

/** `host:port` for the Prometheus exporter, or undefined when metrics are off (no HYBRID_METRICS_PORT). */
export function metricsBindAddress(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const text = env[METRICS_PORT_ENV];
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65_535) {
    throw new Error(`${METRICS_PORT_ENV} must be a TCP port (1-65535), got "${text}"`);
  }
  const host = env[METRICS_HOST_ENV] || DEFAULT_METRICS_HOST;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The worker's logger: redacted always; JSON lines on stderr with HYBRID_LOG_FORMAT=json. */
export function createWorkerLogger(
  env: NodeJS.ProcessEnv = process.env,
  level: LogLevel = 'INFO',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  if (logFormatFrom(env) === 'text') return createRedactingLogger(level);
  return createRedactingLogger(level, (entry) =>
    write(
      jsonLogLine('worker', {
        level: entry.level,
        message: entry.message,
        meta: entry.meta,
        time: entry.timestampNanos,
      }),
    ),
  );
}

/**
 * Installs the process's Temporal runtime. On SIGINT/SIGTERM it starts a graceful shutdown: in-flight
 * activities get shutdownGraceTime to finish, and worker.run() resolves. Returns the metrics URL, if any.
 */
export function installWorkerRuntime(env: NodeJS.ProcessEnv = process.env): { metricsUrl?: string } {
  const bindAddress = metricsBindAddress(env);
  Runtime.install({
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    logger: createWorkerLogger(env),
    ...(bindAddress && { telemetryOptions: { metrics: { prometheus: { bindAddress } } } }),
  });
  return bindAddress ? { metricsUrl: `http://${bindAddress}/metrics` } : {};
}
