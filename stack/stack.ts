/**
 * `hybrid stack up|down|status`: the local Temporal dev server, Genesys Cloud emulator, codec server and worker as
 * background processes that outlive the CLI, recorded in `<data dir>/stack.json`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPayloadCodec } from '../codec/data-converter.js';
import { DATA_DIR_ENV } from '../codec/local-secret-file.js';
import { withFileLock } from '../temporal-cli/file-lock.js';
import type { StackConfig } from './config.js';
import { writeLocalTemporalProfile } from './local-temporal-env.js';
import { readLogTail } from './log-tail.js';
import { recordedServiceNames, stackPaths, type ServiceName, type StackPaths } from './paths.js';
import { portIsFree } from './ports.js';
import { isRunning, spawnDetached, stopProcessGroup, type DetachedProcess } from './processes.js';
import {
  PROJECT_ROOT,
  SERVICES,
  serviceDefinition,
  workerServices,
  type LaunchContext,
  type ServiceDefinition,
} from './services.js';
import {
  readStackState,
  withService,
  writeStackState,
  type ServiceRecord,
  type StackState,
} from './state-file.js';

export type UpOutcome =
  | { name: ServiceName; state: 'started'; record: ServiceRecord; readyMs: number }
  | { name: ServiceName; state: 'already running'; record: ServiceRecord }
  | { name: ServiceName; state: 'failed'; reason: string; log: string; logTail: string }
  | { name: ServiceName; state: 'skipped'; reason: string };

export interface StackUpResult {
  ok: boolean;
  outcomes: UpOutcome[];
  paths: StackPaths;
}

export interface StackUpOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (building the Temporal CLI, waiting); defaults to stderr. */
  log?: (line: string) => void;
}

export class StackUpError extends Error {
  override name = 'StackUpError';
}

/** Keeps stack.json in step with what this process started, one write at a time. */
class StateWriter {
  private pending: Promise<void> = Promise.resolve();
  constructor(
    private readonly file: string,
    private state: StackState,
  ) {}

  current(): StackState {
    return this.state;
  }

  set(name: ServiceName, record: ServiceRecord | undefined): Promise<void> {
    this.state = withService(this.state, name, record);
    const snapshot = this.state;
    // A failed write is reported to its caller and must not block the writes after it.
    this.pending = this.pending.catch(() => undefined).then(() => writeStackState(this.file, snapshot));
    return this.pending;
  }
}

/** Starts whatever is not running yet and waits until every service answers. Running services are left alone. */
export async function stackUp(config: StackConfig, opts: StackUpOptions = {}): Promise<StackUpResult> {
  const paths = stackPaths(config.dataDir);
  const log = opts.log ?? ((line: string) => console.error(line));
  // Children find the codec key (and the CLI's other local files) in the same data directory.
  const env: NodeJS.ProcessEnv = { ...(opts.env ?? process.env), [DATA_DIR_ENV]: config.dataDir };
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // Create (or check) the codec key once, before the worker and codec server both reach for it.
  await createPayloadCodec({ env });

  return withFileLock(
    path.join(config.dataDir, 'stack.lock'),
    async () => {
      const state = new StateWriter(paths.stateFile, await runningServices(paths));
      const ctx = { config, paths, env, log };
      // The three are independent; only the workers need Temporal up first.
      const [temporal, emulator, codec] = await Promise.all([
        ensureService(SERVICES.temporal, ctx, state),
        ensureService(SERVICES.emulator, ctx, state),
        ensureService(SERVICES.codec, ctx, state),
      ]);
      let workers: UpOutcome[];
      if (temporal.state === 'started' || temporal.state === 'already running') {
        await writeLocalTemporalProfile(paths.temporalConfigFile, temporal.record.port);
        // Each its own process, log and metrics port, all on one task queue (services.ts, workerService).
        workers = await Promise.all(workerServices(config).map((w) => ensureService(w, ctx, state)));
      } else {
        workers = workerServices(config).map((w) => ({
          name: w.name,
          state: 'skipped',
          reason: 'Temporal is not up',
        }));
      }
      const outcomes = [temporal, emulator, codec, ...workers];
      return {
        ok: outcomes.every((o) => o.state === 'started' || o.state === 'already running'),
        outcomes,
        paths,
      };
    },
    { onWait: (pid) => log(`Waiting for another \`hybrid stack\` command${pid ? ` (pid ${pid})` : ''}...`) },
  );
}

/** The recorded services that still run; records of dead or reused pids are dropped. */
async function runningServices(paths: StackPaths): Promise<StackState> {
  let state = await readStackState(paths.stateFile);
  for (const name of recordedServiceNames(Object.keys(state.services))) {
    const record = state.services[name];
    if (record && !(await isRunning(record.pid, record.command))) state = withService(state, name, undefined);
  }
  await writeStackState(paths.stateFile, state);
  return state;
}

async function ensureService(
  service: ServiceDefinition,
  ctx: LaunchContext,
  state: StateWriter,
): Promise<UpOutcome> {
  const existing = state.current().services[service.name];
  const logFile = ctx.paths.logFile(service.name);
  if (existing) {
    if (await waitUntil(() => service.ready(existing), 10_000)) {
      return { name: service.name, state: 'already running', record: existing };
    }
    return {
      name: service.name,
      state: 'failed',
      reason: `is running (pid ${existing.pid}) but does not answer; \`hybrid stack down\` and up again restarts it`,
      log: logFile,
      logTail: await readLogTail(logFile),
    };
  }

  for (const { port, flag } of service.ports(ctx.config)) {
    if (!(await portIsFree(port))) {
      return {
        name: service.name,
        state: 'skipped',
        reason: `port ${port} is in use by another program; stop it or choose another port with ${flag}`,
      };
    }
  }

  let launched: DetachedProcess;
  let record: ServiceRecord;
  try {
    const launch = await service.launch(ctx);
    launched = await spawnDetached({
      command: launch.command,
      args: launch.args,
      env: launch.env,
      cwd: PROJECT_ROOT,
      logFile,
    });
    record = {
      pid: launched.pid,
      startedAt: new Date().toISOString(),
      command: [launch.command, ...launch.args],
      log: logFile,
      ...launch.record,
    };
  } catch (error) {
    return { name: service.name, state: 'failed', reason: errorText(error), log: logFile, logTail: '' };
  }
  await state.set(service.name, record);

  const startedAt = Date.now();
  let exitReason: string | undefined;
  void launched.exited.then((reason) => (exitReason = reason));
  const ready = await waitUntil(
    () => service.ready(record),
    service.readyTimeoutMs,
    () => exitReason !== undefined,
  );
  if (ready) return { name: service.name, state: 'started', record, readyMs: Date.now() - startedAt };

  // Not ready: do not leave a half-started process behind, nor a record of it.
  if (exitReason === undefined) await stopProcessGroup(launched.pid, 5_000);
  await state.set(service.name, undefined);
  return {
    name: service.name,
    state: 'failed',
    reason:
      exitReason !== undefined
        ? `exited (${exitReason}) before it was ready`
        : `did not answer within ${service.readyTimeoutMs / 1000} s and was stopped`,
    log: logFile,
    logTail: await readLogTail(logFile, launched.logOffset),
  };
}

async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  gaveUp = () => false,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gaveUp()) return false;
    if (await probe()) return true;
    if (Date.now() > deadline || gaveUp()) return false;
    await sleep(250);
  }
}

export interface ServiceStatus {
  name: ServiceName;
  state: 'up' | 'not answering' | 'stopped';
  record?: ServiceRecord;
  endpoints?: string;
}

/** Each service with pid, where it listens and whether it answers right now. */
export async function stackStatus(dataDir: string): Promise<ServiceStatus[]> {
  const paths = stackPaths(dataDir);
  const state = await readStackState(paths.stateFile);
  return Promise.all(
    recordedServiceNames(Object.keys(state.services)).map(async (name): Promise<ServiceStatus> => {
      const service = serviceDefinition(name);
      const record = state.services[name];
      if (!record || !(await isRunning(record.pid, record.command))) {
        return { name, state: 'stopped' };
      }
      const healthy = await service.ready(record);
      return {
        name,
        state: healthy ? 'up' : 'not answering',
        record,
        endpoints: service.endpoints(record),
      };
    }),
  );
}

export interface DownOutcome {
  name: ServiceName;
  state: 'stopped' | 'killed' | 'not running';
  pid?: number;
}

/** Stops every recorded service (worker first): SIGTERM, then SIGKILL after `graceMs`. Safe to run twice. */
export async function stackDown(dataDir: string, opts: { graceMs?: number } = {}): Promise<DownOutcome[]> {
  const paths = stackPaths(dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return withFileLock(path.join(dataDir, 'stack.lock'), async () => {
    let state = await readStackState(paths.stateFile);
    const outcomes: DownOutcome[] = [];
    for (const name of recordedServiceNames(Object.keys(state.services)).reverse()) {
      const record = state.services[name];
      if (record && (await isRunning(record.pid, record.command))) {
        const how = await stopProcessGroup(record.pid, opts.graceMs ?? 10_000);
        outcomes.push({ name, state: how, pid: record.pid });
      } else {
        outcomes.push({ name, state: 'not running' });
      }
      state = withService(state, name, undefined);
      await writeStackState(paths.stateFile, state);
    }
    return outcomes.reverse();
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
