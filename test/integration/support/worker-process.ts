/**
 * The real worker entry point, compiled (dist/worker/main.js, as `npm run worker` runs it; the test run's global
 * setup builds it from the current sources, and it loads the prebuilt workflow bundle instead of running tsx and
 * webpack at every start) in a process of its own that a test can kill or stop, polling a private task queue with a private codec key; and a client that
 * reads that queue's runs. Shared by the crash and drain tests (useWorkerFleet adds their hooks).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { compiledPath } from '../../../build/layout.js';
import { createDataConverter } from '../../../codec/data-converter.js';
import { parseKeyring } from '../../../codec/keys.js';
import type { EmulatorControlClient } from '../provisioning/emulator-control.js';
import { ownEmulator } from './own-emulator.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  exited: Promise<number | null>;
}

export interface WorkerFleet {
  taskQueue: string;
  start(extraEnv?: NodeJS.ProcessEnv): WorkerProcess;
  /** A client with the fleet's codec key, on the given server. */
  connectClient(address: string, namespace: string): Promise<Client>;
  /** SIGKILLs every worker still running. */
  killAll(): void;
}

export function workerFleet(name: string, temporal: { address: string; namespace: string }): WorkerFleet {
  const codecKey = `${name}:${randomBytes(32).toString('base64')}`;
  const taskQueue = `${name}-${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];
  return {
    taskQueue,
    start(extraEnv = {}) {
      const child = spawn(process.execPath, [compiledPath('worker/main.ts'), '--task-queue', taskQueue], {
        cwd: ROOT,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: temporal.address,
          TEMPORAL_NAMESPACE: temporal.namespace,
          HYBRID_CODEC_KEY: codecKey,
          HYBRID_CODEC_KEY_FILE: '',
          ...extraEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      children.push(child);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, output: () => output, exited };
    },
    async connectClient(address, namespace) {
      const dataConverter = await createDataConverter({
        keyring: parseKeyring(codecKey, 'HYBRID_CODEC_KEY'),
      });
      return new Client({ connection: await Connection.connect({ address }), namespace, dataConverter });
    },
    killAll() {
      for (const child of children) child.kill('SIGKILL');
    },
  };
}

/**
 * A test file's fleet with its hooks: a client with the fleet's codec key before the tests, the emulator's faults
 * cleared after each, every worker killed and the client closed at the end. `client` is set once beforeAll ran.
 * The emulator is the file's own (the faults these tests set must not reach the files running alongside).
 */
export async function useWorkerFleet(name: string): Promise<{
  fleet: WorkerFleet;
  emulator: EmulatorControlClient;
  readonly client: Client;
}> {
  const emulator = await ownEmulator();
  const temporal = { address: inject('temporalAddress'), namespace: inject('temporalNamespace') };
  const fleet = workerFleet(name, temporal);
  let client: Client | undefined;
  beforeAll(async () => {
    client = await fleet.connectClient(temporal.address, temporal.namespace);
  });
  afterEach(async () => {
    await emulator.clearFaults();
  });
  afterAll(async () => {
    fleet.killAll();
    await client?.connection.close();
  });
  return {
    fleet,
    emulator,
    get client() {
      if (!client) throw new Error('the fleet client is connected in beforeAll');
      return client;
    },
  };
}
