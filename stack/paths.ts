/** Where the local stack keeps its state, logs and pids, all under one data directory. */
import path from 'node:path';
import { projectDataDir } from '../codec/local-secret-file.js';

/** `worker` is the first worker process; `--workers N` adds `worker-2` … `worker-N` on the same task queue. */
export type WorkerName = 'worker' | `worker-${number}`;
export type ServiceName = 'temporal' | 'emulator' | 'codec' | WorkerName;

/** Start order; `down` goes the other way so that the workers stop before the server they poll. */
export const SERVICE_NAMES: readonly ServiceName[] = ['temporal', 'emulator', 'codec', 'worker'];

/** The name of the `index`-th worker process, counting from 1. */
export function workerName(index: number): WorkerName {
  return index === 1 ? 'worker' : `worker-${index}`;
}

/** The 1-based index of a worker by its name: `worker` → 1, `worker-3` → 3. */
export function workerIndex(name: WorkerName): number {
  return name === 'worker' ? 1 : Number(name.slice('worker-'.length));
}

/** Every service a state file records, in start order: the fixed ones, then each extra worker by index. */
export function recordedServiceNames(recorded: Iterable<string>): ServiceName[] {
  const extra = [...recorded]
    .filter((name): name is WorkerName => /^worker-\d+$/.test(name))
    .sort((a, b) => workerIndex(a) - workerIndex(b));
  return [...SERVICE_NAMES, ...extra];
}

export interface StackPaths {
  dataDir: string;
  /** Pids, ports and command lines of the running services. */
  stateFile: string;
  logsDir: string;
  temporalDb: string;
  /** A Temporal client config profile pointing at the local server, for the worker and the demo. */
  temporalConfigFile: string;
  emulatorStateFile: string;
  logFile(service: ServiceName): string;
}

/** `--data-dir`, else HYBRID_DATA_DIR, else `<project>/.data` (the codec key lives there too). */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? projectDataDir(env));
}

export function stackPaths(dataDir: string): StackPaths {
  const logsDir = path.join(dataDir, 'logs');
  return {
    dataDir,
    stateFile: path.join(dataDir, 'stack.json'),
    logsDir,
    temporalDb: path.join(dataDir, 'temporal', 'dev.db'),
    temporalConfigFile: path.join(dataDir, 'temporal', 'stack-client.toml'),
    emulatorStateFile: path.join(dataDir, 'emulator', 'state.json'),
    logFile: (service) => path.join(logsDir, `${service}.log`),
  };
}
