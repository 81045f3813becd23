import { afterEach, describe, expect, it, vi } from 'vitest';
import { taskQueueOf } from '../../client/provisioning-session.js';
import { stackConfigFrom } from '../../stack/config.js';
import { resolveTaskQueue } from '../../temporal/task-queue.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('one task queue decision for CLI, worker and stack', () => {
  it('treats an empty HYBRID_TASK_QUEUE as unset everywhere, so the CLI and the workers meet', () => {
    vi.stubEnv('HYBRID_TASK_QUEUE', '');
    const cli = taskQueueOf(undefined);
    expect(cli).toBe('hybrid-provisioner');
    expect(stackConfigFrom({ dataDir: '/tmp/x' }, process.env).taskQueue).toBe(cli);
    expect(resolveTaskQueue(undefined)).toBe(cli); // the worker's (worker/main.ts, create-worker.ts)
  });

  it('takes the flag over the variable over the default, ignoring blank values', () => {
    expect(resolveTaskQueue('flag-q', { HYBRID_TASK_QUEUE: 'env-q' })).toBe('flag-q');
    expect(resolveTaskQueue('', { HYBRID_TASK_QUEUE: 'env-q' })).toBe('env-q');
    expect(resolveTaskQueue(undefined, { HYBRID_TASK_QUEUE: '  ' })).toBe('hybrid-provisioner');
    expect(resolveTaskQueue(undefined, {})).toBe('hybrid-provisioner');
  });
});
