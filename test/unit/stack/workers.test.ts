import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stackConfigFrom, StackConfigError } from '../../../stack/config.js';
import { recordedServiceNames, stackPaths } from '../../../stack/paths.js';
import { serviceDefinition, workerServices } from '../../../stack/services.js';
import { readStackState, writeStackState, type ServiceRecord } from '../../../stack/state-file.js';

const record = (pid: number, metricsPort?: number): ServiceRecord => ({
  pid,
  startedAt: '2026-01-01T00:00:00Z',
  command: ['node', 'dist/worker/main.js'],
  log: `/tmp/${pid}.log`,
  port: 7233,
  ...(metricsPort !== undefined && { metricsPort }),
});

describe('stack up --workers N', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs one worker by default and N on request, each with its own name, log and metrics port', async () => {
    expect(stackConfigFrom({ dataDir: '/tmp/x' }, {}).workers).toBe(1);
    const config = stackConfigFrom({ dataDir: '/tmp/x', workers: '3', metricsPort: '9500' }, {});
    const workers = workerServices(config);
    expect(workers.map((w) => w.name)).toEqual(['worker', 'worker-2', 'worker-3']);
    expect(workers.map((w) => w.ports(config)[0]!.port)).toEqual([9500, 9501, 9502]);
    const paths = stackPaths('/tmp/x');
    expect(workers.map((w) => path.basename(paths.logFile(w.name)))).toEqual([
      'worker.log',
      'worker-2.log',
      'worker-3.log',
    ]);
    const launch = await workers[2]!.launch({ config, paths, env: {}, log: () => undefined });
    expect(launch.env).toMatchObject({ HYBRID_METRICS_PORT: '9502', HYBRID_WORKER_COUNT: '3' });
    expect(launch.record.metricsPort).toBe(9502);
    expect(launch.args).toContain(config.taskQueue);
  });

  it('refuses a worker count it cannot run and a metrics port range that hits another service', () => {
    expect(() => stackConfigFrom({ workers: '0' }, {})).toThrow(/--workers must be a whole number from 1/);
    expect(() => stackConfigFrom({ workers: 'two' }, {})).toThrow(StackConfigError);
    expect(() => stackConfigFrom({ workers: '3', metricsPort: '8886' }, {})).toThrow(
      /worker 3's metrics.*--codec-port|--codec-port.*worker 3's metrics/,
    );
  });

  it('records extra workers in stack.json, and status/down find them in start order', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stack-workers-'));
    const file = path.join(dir, 'stack.json');
    await writeStackState(file, {
      version: 1,
      services: { 'worker-10': record(12, 9473), worker: record(10, 9464), 'worker-2': record(11, 9465) },
    });
    const state = await readStackState(file);
    expect(recordedServiceNames(Object.keys(state.services))).toEqual([
      'temporal',
      'emulator',
      'codec',
      'worker',
      'worker-2',
      'worker-10',
    ]);
    expect(serviceDefinition('worker-10').endpoints(state.services['worker-10']!)).toContain(
      'http://127.0.0.1:9473/metrics',
    );
  });
});
