/**
 * The emulator in a child process, driven over its control API.
 *
 * A separate process keeps the emulator's CPU and memory out of the worker process the bench measures (peak
 * RSS, event-loop time), as with a real Genesys Cloud. It listens on a free loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorControlClient } from '../../emulator/control-client.js';
import type { FaultConfig } from '../../emulator/faults.js';
import type { RequestLogEntry } from '../../emulator/request-log.js';
import type { CreatedOrg } from '../../emulator/routes/control.js';
import type { OrgStateDump } from '../../emulator/store/dump.js';

const EMULATOR_MAIN = fileURLToPath(new URL('../../emulator/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export interface EmulatorProcess {
  url: string;
  /** CPU time the emulator process has used so far, in microseconds. */
  cpuUsage(): Promise<{ userMicros: number; systemMicros: number }>;
  createOrg(thirdPartyOrgName: string): Promise<CreatedOrg>;
  setFaults(config: FaultConfig): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  orgState(idOrThirdPartyOrgName: string): Promise<OrgStateDump>;
  stop(): Promise<void>;
}

/** Resolves with the URL the emulator prints once it listens; rejects if it exits or stays silent. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`the emulator did not start within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${signal ?? `code ${code}`}) before it listened`));
    });
  });
}

export async function spawnEmulator(options: {
  rateLimitPerMinute: number;
  /** Extra node flags for the child, e.g. `--cpu-prof` (bench:emulator --profile). */
  nodeArgs?: string[];
}): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      EMULATOR_MAIN,
      '--port',
      '0',
      '--rate-limit',
      String(options.rateLimitPerMinute),
    ],
    {
      // A given secret is never printed; the bench uses only the orgs it creates.
      env: { ...process.env, EMULATOR_ADMIN_CLIENT_SECRET: randomBytes(24).toString('base64url') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(5_000, false, { ref: false })]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  let url: string;
  try {
    url = await listeningUrl(child);
  } catch (err) {
    await stop();
    throw err;
  }
  child.stdout?.resume(); // keep draining so the child never blocks on a full pipe
  const control = new EmulatorControlClient(url);

  return {
    url,
    cpuUsage: () => control.cpuUsage(),
    createOrg: (thirdPartyOrgName) => control.createOrg(thirdPartyOrgName),
    setFaults: (config) => control.setFaults(config),
    requests: () => control.requests(),
    clearRequests: () => control.clearRequests(),
    orgState: (org) => control.state(org),
    stop,
  };
}

/**
 * Fixed latency on every request: the API rule's default scope is `/api/v2/**` and the token endpoint is
 * only faulted by a rule whose path names it (emulator/faults.ts), so it takes a rule of its own.
 */
export function fixedLatency(ms: number): FaultConfig {
  return {
    rules: [
      { name: 'bench latency (API)', match: { path: '/**' }, latency: { fixedMs: ms } },
      { name: 'bench latency (token)', match: { path: '/oauth/token' }, latency: { fixedMs: ms } },
    ],
  };
}
