import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { loadClientConnectConfig, type LoadClientProfileOptions } from '@temporalio/envconfig';
// Types only at load time: the worker package (about 0.5 s to import) is loaded by connectNativeConnection alone,
// so CLI commands that only need a client do not pay for it.
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import { activeTracing } from '../observability/tracing.js';
import { DEFAULT_NAMESPACE, DEFAULT_TEMPORAL_ADDRESS } from './constants.js';
import { connectionRefused } from './connection-refused.js';

/** Explicit values win over TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE and the Temporal CLI's config profile. */
export interface TemporalTarget {
  address?: string;
  namespace?: string;
  /** A profile of the Temporal CLI config file (temporal.toml); TEMPORAL_PROFILE or `default` otherwise. */
  profile?: string;
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  /** Address, TLS, API key and gRPC metadata as `@temporalio/envconfig` loaded them. */
  connectionOptions: NativeConnectionOptions;
}

export class TemporalUnreachableError extends Error {
  override name = 'TemporalUnreachableError';
}

/**
 * The connection settings the Temporal CLI itself would use: env vars (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_GRPC_META_*) over the config profile, defaulting to the local dev
 * server. One loader for client and worker, so both always talk to the same cluster.
 */
export function loadTemporalConfig(
  target: TemporalTarget = {},
  load: LoadClientProfileOptions = {},
): TemporalConfig {
  const { connectionOptions, namespace } = loadClientConnectConfig({ profile: target.profile, ...load });
  const address = target.address ?? connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  return {
    address,
    namespace: target.namespace ?? namespace ?? DEFAULT_NAMESPACE,
    connectionOptions: { ...connectionOptions, address },
  };
}

function unreachable(config: TemporalConfig, error: unknown): TemporalUnreachableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TemporalUnreachableError(
    `Cannot reach the Temporal server at ${config.address} (namespace ${config.namespace}): ${reason}. ` +
      'Start the local stack with `npx hybrid stack up` (or only a dev server with `npm run temporal:dev`), ' +
      'or point TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, ' +
      'TEMPORAL_API_KEY for Temporal Cloud) at your cluster.',
  );
}

/** A workflow client; fails with TemporalUnreachableError (and what to do) when nothing answers. */
export async function connectClient(
  target: TemporalTarget & {
    connectTimeout?: ConnectionOptions['connectTimeout'];
    /** The payload codec's converter (codec/data-converter.ts), so inputs and results are encrypted. */
    dataConverter?: DataConverter;
  } = {},
): Promise<Client> {
  const config = loadTemporalConfig(target);
  let connection: Connection;
  try {
    // A refused connection is final: fail now rather than after gRPC's connect timeout.
    connection = await Promise.race([
      Connection.connect({
        ...config.connectionOptions,
        connectTimeout: target.connectTimeout ?? '5 seconds',
      }),
      connectionRefused(config.address).then((reason) => Promise.reject(new Error(reason))),
    ]);
  } catch (error) {
    throw unreachable(config, error);
  }
  // With tracing on (the CLI started it), starting a workflow carries the trace into the worker.
  const tracing = activeTracing();
  return new Client({
    connection,
    namespace: config.namespace,
    dataConverter: target.dataConverter,
    ...(tracing && { interceptors: { workflow: tracing.clientInterceptors } }),
  });
}

/** The worker-side (Rust core) connection to the same server as connectClient. */
export async function connectNativeConnection(target: TemporalTarget = {}): Promise<NativeConnection> {
  const config = loadTemporalConfig(target);
  const { NativeConnection } = await import('@temporalio/worker');
  try {
    return await NativeConnection.connect(config.connectionOptions);
  } catch (error) {
    throw unreachable(config, error);
  }
}
