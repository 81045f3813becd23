/**
 * Provisioning through fault storms (issue 11, item 1): one run per storm, against the emulator in a child
 * process with `--rate-limit 300` (the real per-token limit), each storm a seed and two rates, as
 * `npm run emulator -- --error-rate R1 --lose-rate R2 --error-status 503 --fault-seed S` sets them.
 *
 *   npm run bench:storm -- [--storms 5:0.1:0.1,11:0.2:0.2,7:0.2:0.2,13:0.3:0.15]
 *
 * Printed per storm: seed, rates, outcome, wall time, activity attempts (from the workflow history's
 * ActivityTaskStarted events' `attempt`: each activity's first attempt plus every Temporal retry), requests the org's
 * client made and how many of them a fault shaped (emulator request log), and duplicates, counted from the
 * emulator's org state (OAuth clients per spec name, users per admin email; bench/provisioning/org-integrity.ts).
 * Measurements only; stops the dev server and the emulator when done.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as provisioningActivities from '../activities/provisioning.js';
import { closeGenesysClients } from '../activities/genesys-session.js';
import { startDevServer } from '../temporal-cli/dev-server.js';
import { getFreePort } from '../temporal-cli/free-port.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import type { provisionWorkflow } from '../workflows/provision.js';
import { provisionWorkflowId } from '../workflows/provision-api.js';
import { benchInput } from './provisioning/bench-input.js';
import { spawnEmulator } from './provisioning/emulator-process.js';
import { orgProblems } from './provisioning/org-integrity.js';

interface Storm {
  seed: number;
  errorRate: number;
  loseRate: number;
}

function parseStorms(text: string): Storm[] {
  return text.split(',').map((item) => {
    const [seed, errorRate, loseRate] = item.split(':').map(Number);
    const rate = (r: number | undefined) => r !== undefined && r >= 0 && r <= 1;
    if (!Number.isInteger(seed) || !rate(errorRate) || !rate(loseRate)) {
      throw new Error(`--storms items are seed:errorRate:loseRate, e.g. 11:0.2:0.2 (got "${item}")`);
    }
    return { seed: seed!, errorRate: errorRate!, loseRate: loseRate! };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { storms: { type: 'string', default: '5:0.1:0.1,11:0.2:0.2,7:0.2:0.2,13:0.3:0.15' } },
    strict: true,
  });
  const storms = parseStorms(values.storms);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const tempRoot = await mkdtemp(join(tmpdir(), 'bench-storm-'));
  const emulator = await spawnEmulator({ rateLimitPerMinute: 300 });
  const devServer = await startDevServer({ port: await getFreePort(), headless: true });
  const nativeConnection = await NativeConnection.connect({ address: devServer.address });
  const taskQueue = `bench-storm-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: devServer.namespace,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    }),
    activities: provisioningActivities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: devServer.address });
  const client = new Client({ connection, namespace: devServer.namespace });
  let failures = 0;
  try {
    console.log(
      'bench:storm  emulator rate limit 300/min per token; 503 errors + responses lost after commit (504)',
    );
    console.log('seed  503s  lost  outcome    wall      attempts  requests  faulted  duplicates');
    for (const storm of storms) {
      const org = await emulator.createOrg(`storm-${storm.seed}-${randomBytes(3).toString('hex')}`);
      const input = await benchInput(emulator.url, org, tempRoot);
      await emulator.clearRequests();
      await emulator.setFaults({
        seed: storm.seed,
        rules: [
          { name: 'storm errors', error: { rate: storm.errorRate, status: 503 } },
          { name: 'storm lost responses', loseResponse: { rate: storm.loseRate, mode: 'status' } },
        ],
      });
      const started = performance.now();
      const handle = await client.workflow.start<typeof provisionWorkflow>('provisionWorkflow', {
        workflowId: provisionWorkflowId(input.org),
        taskQueue,
        args: [input],
        workflowExecutionTimeout: '40 minutes',
      });
      const outcome = await handle.result().then(
        () => 'completed',
        (err: unknown) =>
          `failed: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`,
      );
      const wallMs = performance.now() - started;
      await emulator.setFaults({ rules: [] });
      const history = await handle.fetchHistory();
      // History keeps one ActivityTaskStarted per activity, from its last attempt, whose `attempt` counts them all.
      const attempts = (history.events ?? []).reduce(
        (sum, e) => sum + (e.activityTaskStartedEventAttributes?.attempt ?? 0),
        0,
      );
      const requests = (await emulator.requests()).filter((r) => r.clientId === org.adminClientId);
      const problems = await orgProblems(input, await emulator.orgState(org.id));
      if (outcome !== 'completed' || problems.length > 0) failures += 1;
      console.log(
        `${String(storm.seed).padEnd(6)}${`${storm.errorRate * 100}%`.padEnd(6)}${`${storm.loseRate * 100}%`.padEnd(6)}` +
          `${outcome.slice(0, 9).padEnd(11)}${`${(wallMs / 1000).toFixed(1)} s`.padEnd(10)}${String(attempts).padEnd(10)}` +
          `${String(requests.length).padEnd(10)}${String(requests.filter((r) => r.fault).length).padEnd(9)}` +
          `${problems.length === 0 ? '0' : problems.join('; ')}`,
      );
      if (outcome !== 'completed') console.log(`  ${outcome}`);
    }
  } finally {
    worker.shutdown();
    await running;
    await closeGenesysClients();
    await nativeConnection.close();
    await connection.close();
    await devServer.stop();
    await emulator.stop();
    await rm(tempRoot, { recursive: true, force: true });
  }
  if (failures > 0) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  })
  .finally(() => process.exit());
