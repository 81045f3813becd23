import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_NAMESPACE } from '../temporal/constants.js';
import {
  HYBRID_SEARCH_ATTRIBUTES,
  searchAttributeCliArgs,
  type SearchAttributeDefinition,
} from '../temporal/search-attributes.js';
import { resolveTemporalCli } from './resolve.js';
import { OutputTail } from './output-tail.js';
import { temporalFrontendAnswers } from './frontend-answers.js';

export interface DevServerOptions {
  /** gRPC frontend port. */
  port: number;
  /** Web UI port; defaults to `port + 1000` like the CLI. Ignored when headless. */
  uiPort?: number;
  /** SQLite file for state that survives restarts; omitted = in memory, lost on exit. */
  dbFile?: string;
  /** No Web UI (tests). */
  headless?: boolean;
  /** Appended to the `temporal server start-dev` command line. */
  extraArgs?: string[];
  /** Remote codec server the Web UI calls to decode payloads. */
  codecEndpoint?: string;
  /** Bind address of frontend and UI; the CLI's default `localhost` means 127.0.0.1. */
  ip?: string;
  searchAttributes?: readonly SearchAttributeDefinition[];
  /** A Temporal CLI binary; resolved (and built if needed) with resolveTemporalCli when omitted. */
  cliPath?: string;
  /** Receives the server's own log lines (e.g. process.stderr for `temporal:dev`); always kept as a tail too. */
  output?: NodeJS.WritableStream;
  readyTimeoutMs?: number;
}

export interface DevServer {
  /** host:port for TEMPORAL_ADDRESS / Connection.connect. */
  address: string;
  namespace: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  /** Startup time until the frontend answered, in ms. */
  startupMs: number;
  stop(): Promise<void>;
}

export class DevServerStartError extends Error {
  override name = 'DevServerStartError';
}

export function devServerArgs(opts: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--port', String(opts.port), '--ip', opts.ip ?? 'localhost'];
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort ?? opts.port + 1000));
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.codecEndpoint) args.push('--ui-codec-endpoint', opts.codecEndpoint);
  args.push(...searchAttributeCliArgs(opts.searchAttributes ?? HYBRID_SEARCH_ATTRIBUTES));
  args.push(...(opts.extraArgs ?? []));
  return args;
}

/** Starts `temporal server start-dev` and resolves once the `default` namespace answers over gRPC. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const cli = opts.cliPath ?? (await resolveTemporalCli());
  if (opts.dbFile) await mkdir(path.dirname(path.resolve(opts.dbFile)), { recursive: true });

  const host = opts.ip && opts.ip !== '127.0.0.1' ? opts.ip : 'localhost';
  const address = `${host}:${opts.port}`;
  const uiUrl = opts.headless ? undefined : `http://${host}:${opts.uiPort ?? opts.port + 1000}`;

  const startedAt = Date.now();
  const child = spawn(cli, devServerArgs(opts), { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = new OutputTail();
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      opts.output?.write(chunk);
    });
  }
  // A crashed parent must not leave an orphaned server holding the ports.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not run ${cli}: ${error.message}`));
    child.on('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
  });
  let exitReason: string | undefined;
  void exited.then((reason) => (exitReason = reason));

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (exitReason !== undefined) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      sleep(10_000, undefined, { ref: false }).then(() => false),
    ]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const deadline = startedAt + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exitReason !== undefined) {
      process.off('exit', killOnExit);
      throw new DevServerStartError(
        `The Temporal dev server (${cli} ${devServerArgs(opts).join(' ')}) ${exitReason} before it was ready. ` +
          `A port in use (${opts.port}${opts.headless ? '' : ` or ${opts.uiPort ?? opts.port + 1000}`}) is the ` +
          `usual cause; choose others with --port/--ui-port. Its last output:\n${tail.toString()}`,
      );
    }
    if (await temporalFrontendAnswers(address, 1000)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new DevServerStartError(
        `The Temporal dev server did not answer on ${address} within ${(opts.readyTimeoutMs ?? 60_000) / 1000} s. ` +
          `Its last output:\n${tail.toString()}`,
      );
    }
    await sleep(200);
  }

  return {
    address,
    namespace: DEFAULT_NAMESPACE,
    uiUrl,
    process: child,
    startupMs: Date.now() - startedAt,
    stop,
  };
}
