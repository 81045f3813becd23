/** Where the local stack keeps its state, logs and pids, all under one data directory. */
import path from 'node:path';
import { projectDataDir } from '../codec/local-secret-file.js';

export type ServiceName = 'temporal' | 'emulator' | 'codec' | 'worker';

/** Start order; `down` goes the other way so that the worker stops before the server it polls. */
export const SERVICE_NAMES: readonly ServiceName[] = ['temporal', 'emulator', 'codec', 'worker'];

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
