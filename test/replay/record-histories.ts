/**
 * `npm run histories:record`: runs every workflow type in its main shapes against a real Temporal dev server and
 * the emulator (both started here, on free ports), and saves each history as test/fixtures/histories/<name>.json
 * (historyToJSON), payloads encrypted with the TEST-ONLY fixture key. test/unit/replay/replay-histories.test.ts
 * replays them on the current workflow code. Re-record after a deliberate, patched() change (CONTRIBUTING.md),
 * never to make a failing replay pass.
 *
 * Each scenario runs twice, on the two workflow codes a deployment runs (scripts/build-workflow-bundle.ts): on a
 * plain worker → <name>.json, and on a worker with the OpenTelemetry workflow interceptor → <name>.traced.json.
 * The traced one's activities carry the trace header and its tasks the interceptor's SDK flags; the replay test
 * replays both kinds on both codes, since a fleet may switch tracing on or off while runs are open (and workers
 * before the two bundles all ran the traced code).
 *
 *   npm run histories:record [-- --only provision-completed,verify-clean] [--workers plain|traced]
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { DEFAULT_CERTIFICATE_OPTIONS } from '../../certificate/options.js';
import { EmulatorControlClient } from '../../emulator/control-client.js';
import { startEmulator } from '../../emulator/server.js';
import { parseGrace, toRotateInput } from '../../provisioning/rotation.js';
import type { ProvisionInput } from '../../provisioning/types.js';
import { startDevServer } from '../../temporal-cli/dev-server.js';
import { getFreePort } from '../../temporal-cli/free-port.js';
import { activities } from '../../worker/activities.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';
import { tracingWorkflowInterceptorModule } from '../../observability/tracing.js';
import { provisionProgressQuery, provisionWorkflowId } from '../../workflows/provision-api.js';
import {
  finishRotationNowSignal,
  rotateWorkflowId,
  rotationStatusQuery,
} from '../../workflows/rotate-api.js';
import {
  clientSecretRotationStatusQuery,
  finishClientRotationNowSignal,
  rotateClientSecretWorkflowId,
} from '../../workflows/rotate-client-secret-api.js';
import type { RotateClientSecretInput } from '../../provisioning/client-secret-rotation-types.js';
import { testInput } from '../integration/provisioning/harness.js';
import { startTestWorker, type TestWorkerOptions } from '../integration/support/test-worker.js';
import { createTestOrg } from '../integration/verify/harness.js';
import { fixtureCodecKey, HISTORIES_DIR, TRACED_SUFFIX } from './fixture-histories.js';

type ActivityName = keyof typeof activities;

/** What the recording worker's activities do besides their real work: one injected failure, one slow step. */
const faults: { failAfter?: ActivityName; slow?: ActivityName } = {};

const recordingActivities = Object.fromEntries(
  Object.entries(activities).map(([name, fn]) => [
    name,
    async (...args: unknown[]) => {
      // Gives the recorder time to cancel the run while this step is open.
      if (faults.slow === name) await new Promise((r) => setTimeout(r, 1500));
      const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      if (faults.failAfter === name) {
        throw ApplicationFailure.nonRetryable(`injected failure in ${name}`, 'InjectedFailure');
      }
      return result;
    },
  ]),
);

interface Context {
  client: Client;
  taskQueue: string;
  emulator: EmulatorControlClient;
}

/** The run's outcome does not matter (a compensated run fails on purpose): only that it is closed. */
async function closed(handle: WorkflowHandle): Promise<void> {
  await handle.result().catch(() => undefined);
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function newOrgInput(ctx: Context, label: string): Promise<ProvisionInput> {
  const org = await ctx.emulator.createOrg(`${label}-${randomBytes(3).toString('hex')}`);
  return testInput({ emulatorUrl: ctx.emulator.url, org });
}

async function provision(ctx: Context, input: ProvisionInput): Promise<WorkflowHandle> {
  return ctx.client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.org),
    taskQueue: ctx.taskQueue,
    args: [input],
  });
}

async function rotation(ctx: Context, label: string, grace: string): Promise<WorkflowHandle> {
  const input = await newOrgInput(ctx, label);
  await closed(await provision(ctx, input));
  const handle = await ctx.client.workflow.start('rotateCertificateWorkflow', {
    workflowId: rotateWorkflowId(input.org),
    taskQueue: ctx.taskQueue,
    args: [toRotateInput(input, parseGrace(grace))],
  });
  await until('the rotation is in its grace period', async () => {
    const status = await handle.query(rotationStatusQuery);
    return status.status === 'grace';
  });
  return handle;
}

/**
 * Starts a client-secret rotation of the first OAuth client of a freshly provisioned org. Nothing uses the old
 * client, so a blue/green run's first usage poll ends its grace period ('no-use'): `usagePollMs` chooses whether
 * the recorder sees that end or has time to signal or cancel first.
 */
async function clientRotation(
  ctx: Context,
  label: string,
  options: Pick<RotateClientSecretInput, 'mode' | 'graceMs' | 'usagePollMs'>,
): Promise<WorkflowHandle> {
  const input = await newOrgInput(ctx, label);
  await closed(await provision(ctx, input));
  const clientName = input.oauthClients[0]!.name;
  const args: RotateClientSecretInput = {
    org: input.org,
    target: input.target,
    outputDir: input.outputDir,
    clientName,
    ...options,
  };
  const handle = await ctx.client.workflow.start('rotateClientSecretWorkflow', {
    workflowId: rotateClientSecretWorkflowId(input.org, clientName),
    taskQueue: ctx.taskQueue,
    args: [args],
  });
  return handle;
}

/** A blue/green rotation whose first usage poll is an hour away: it waits in its grace period. */
const WAITS_IN_GRACE = { mode: 'blue-green', graceMs: 7_200_000, usagePollMs: 3_600_000 } as const;

async function inClientGrace(handle: WorkflowHandle): Promise<void> {
  await until('the client rotation is in its grace period', async () => {
    const status = await handle.query(clientSecretRotationStatusQuery);
    return status.phase === 'grace';
  });
}

async function verification(ctx: Context, drift: boolean): Promise<WorkflowHandle> {
  const org = await createTestOrg(ctx.emulator.url, drift ? 'rec-drift' : 'rec-clean');
  try {
    const input = await org.verifyInput();
    await closed(await provision(ctx, input.provision));
    if (drift) {
      const client = (await org.genesys.oauthClients.list()).find((c) => c.name === 'PureEngage WDE')!;
      await org.genesys.oauthClients.delete(client.id);
    }
    const handle = await ctx.client.workflow.start('verifyWorkflow', {
      workflowId: `verify/${input.provision.org}/${randomBytes(3).toString('hex')}`,
      taskQueue: ctx.taskQueue,
      args: [input],
    });
    await closed(handle);
    return handle;
  } finally {
    await org.genesys.close();
  }
}

/** Each scenario leaves one closed run; its history becomes `<name>.json`. */
const SCENARIOS: Record<string, (ctx: Context) => Promise<WorkflowHandle>> = {
  'provision-completed': async (ctx) => {
    const handle = await provision(ctx, await newOrgInput(ctx, 'rec-done'));
    await closed(handle);
    return handle;
  },
  'provision-compensated': async (ctx) => {
    faults.failAfter = 'ensureAdmin';
    try {
      const handle = await provision(ctx, await newOrgInput(ctx, 'rec-comp'));
      await closed(handle);
      return handle;
    } finally {
      faults.failAfter = undefined;
    }
  },
  'provision-cancelled': async (ctx) => {
    faults.slow = 'ensureAdmin';
    try {
      const handle = await provision(ctx, await newOrgInput(ctx, 'rec-cancel'));
      await until('the admin step runs', async () => {
        const progress = await handle.query(provisionProgressQuery);
        return progress.steps.some((s) => s.step.startsWith('admin') && s.status === 'running');
      });
      await handle.cancel();
      await closed(handle);
      return handle;
    } finally {
      faults.slow = undefined;
    }
  },
  'verify-clean': (ctx) => verification(ctx, false),
  'verify-drifted': (ctx) => verification(ctx, true),
  'rotate-through-grace': async (ctx) => {
    const handle = await rotation(ctx, 'rec-rot', '3s');
    await closed(handle);
    return handle;
  },
  'rotate-finished-early': async (ctx) => {
    const handle = await rotation(ctx, 'rec-early', '1h');
    await handle.signal(finishRotationNowSignal);
    await closed(handle);
    return handle;
  },
  'rotate-cancelled': async (ctx) => {
    const handle = await rotation(ctx, 'rec-rotcancel', '1h');
    await handle.cancel();
    await closed(handle);
    return handle;
  },
  'rotate-client-secret-no-use': async (ctx) => {
    // One usage poll after 1 s finds no request from the old client: the grace period ends early.
    const handle = await clientRotation(ctx, 'rec-csr', {
      mode: 'blue-green',
      graceMs: 3_600_000,
      usagePollMs: 1000,
    });
    await closed(handle);
    return handle;
  },
  'rotate-client-secret-finished-early': async (ctx) => {
    const handle = await clientRotation(ctx, 'rec-csr-early', WAITS_IN_GRACE);
    await inClientGrace(handle);
    await handle.signal(finishClientRotationNowSignal);
    await closed(handle);
    return handle;
  },
  'rotate-client-secret-cancelled': async (ctx) => {
    const handle = await clientRotation(ctx, 'rec-csr-cancel', WAITS_IN_GRACE);
    await inClientGrace(handle);
    await handle.cancel();
    await closed(handle);
    return handle;
  },
  'rotate-client-secret-in-place': async (ctx) => {
    const handle = await clientRotation(ctx, 'rec-csr-inplace', {
      mode: 'in-place',
      graceMs: 0,
      usagePollMs: 60_000,
    });
    await closed(handle);
    return handle;
  },
  certificate: async (ctx) => {
    const passwordVar = 'HYBRID_RECORDING_CERT_PASSWORD';
    process.env[passwordVar] = `recording-${randomBytes(6).toString('hex')}`;
    const handle = await ctx.client.workflow.start('certificateWorkflow', {
      workflowId: `certificate/recording-${randomBytes(3).toString('hex')}`,
      taskQueue: ctx.taskQueue,
      args: [
        {
          outDir: path.join(await mkdtemp(path.join(tmpdir(), 'hybrid-rec-cert-')), 'bundle'),
          options: { ...DEFAULT_CERTIFICATE_OPTIONS, days: 30, subject: 'CN=Recording,O=Hybrid' },
          password: { env: passwordVar },
          force: false,
        },
      ],
    });
    await closed(handle);
    return handle;
  },
};

/**
 * The traced workflow code hands its spans to the worker through the `exporter` sink (observability/tracing.ts);
 * the recorder drops them, but registers the sink so the worker does not log each call as unregistered.
 */
export const DISCARD_WORKFLOW_SPANS: InjectedSinks<OpenTelemetrySinks> = {
  exporter: { export: { fn: () => undefined } },
};

/** The two workflow codes a deployment runs, and the suffix of the histories each records. */
const WORKERS: Record<
  'plain' | 'traced',
  Required<Pick<TestWorkerOptions, 'workflowInterceptorModules' | 'workerOptions'>> & { suffix: string }
> = {
  plain: { suffix: '', workflowInterceptorModules: [], workerOptions: {} },
  traced: {
    suffix: TRACED_SUFFIX,
    workflowInterceptorModules: [tracingWorkflowInterceptorModule()],
    workerOptions: { sinks: DISCARD_WORKFLOW_SPANS },
  },
};
type WorkerKind = keyof typeof WORKERS;

function parseList<T extends string>(option: string, value: string | undefined, known: readonly T[]): T[] {
  if (value === undefined) return [...known];
  const names = value.split(',');
  const unknown = names.filter((n) => !known.includes(n as T));
  if (unknown.length) throw new Error(`${option}: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return names as T[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, workers: { type: 'string' } } });
  const names = parseList('--only', values.only, Object.keys(SCENARIOS));
  const kinds = parseList('--workers', values.workers, Object.keys(WORKERS) as WorkerKind[]);

  const started = performance.now();
  const server = await startDevServer({ port: await getFreePort(), headless: true });
  const emulatorServer = await startEmulator({ port: 0 });
  const emulator = new EmulatorControlClient(emulatorServer.url);
  const codecKey = await fixtureCodecKey();
  try {
    for (const kind of kinds) {
      const worker = await startTestWorker({
        address: server.address,
        namespace: server.namespace,
        codecKey,
        activities: recordingActivities,
        // Bundled from the sources: this script runs without the test run's build, so dist/ may be stale.
        workflowsPath: WORKFLOWS_PATH,
        workflowInterceptorModules: WORKERS[kind].workflowInterceptorModules,
        workerOptions: WORKERS[kind].workerOptions,
        taskQueuePrefix: `record-${kind}`,
      });
      const ctx: Context = { ...worker, emulator };
      try {
        // One after another: each takes seconds, and parallel runs would only make the histories less typical.
        for (const name of names) {
          const t0 = performance.now();
          const handle = await SCENARIOS[name]!(ctx);
          const history = await handle.fetchHistory();
          const file = path.join(HISTORIES_DIR, `${name}${WORKERS[kind].suffix}.json`);
          await writeFile(file, `${historyToJSON(history)}\n`);
          const status = (await handle.describe()).status.name;
          console.log(
            `${`${name} (${kind})`.padEnd(45)} ${status.padEnd(11)} ` +
              `${String(history.events?.length ?? 0).padStart(3)} events  ` +
              `${((performance.now() - t0) / 1000).toFixed(1)} s  → ${path.relative(process.cwd(), file)}`,
          );
        }
      } finally {
        await worker.stop();
      }
    }
  } finally {
    await emulatorServer.close();
    await server.stop();
  }
  console.log(
    `recorded ${names.length * kinds.length} histories in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`histories:record: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
