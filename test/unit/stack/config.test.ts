import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stackConfigFrom, StackConfigError } from '../../../stack/config.js';
import { readStackState, StackStateError, writeStackState } from '../../../stack/state-file.js';

describe('stackConfigFrom', () => {
  it('defaults to the ports a newcomer expects and the demo admin client', () => {
    const config = stackConfigFrom({ dataDir: '/tmp/x' }, {});
    expect(config).toMatchObject({
      dataDir: '/tmp/x',
      temporalPort: 7233,
      uiPort: 8233,
      emulatorPort: 9100,
      codecPort: 8888,
      metricsPort: 9464,
      taskQueue: 'hybrid-provisioner',
      emulatorAdmin: { clientId: 'demo-admin', clientSecret: 'demo-admin-secret' },
    });
  });

  it('puts the UI next to a moved Temporal port and takes the admin client and task queue from the environment', () => {
    const config = stackConfigFrom(
      { temporalPort: '17233' },
      {
        EMULATOR_ADMIN_CLIENT_ID: 'me',
        EMULATOR_ADMIN_CLIENT_SECRET: 'my-secret',
        HYBRID_TASK_QUEUE: 'q',
        HYBRID_DATA_DIR: '/tmp/d',
      },
    );
    expect(config.uiPort).toBe(18233);
    expect(config.emulatorAdmin).toEqual({ clientId: 'me', clientSecret: 'my-secret' });
    expect(config.taskQueue).toBe('q');
    expect(config.dataDir).toBe('/tmp/d');
  });

  it.each([
    [{ emulatorPort: 'abc' }, '--emulator-port must be a port number between 1 and 65535, got "abc"'],
    [{ codecPort: '70000' }, '--codec-port must be a port number'],
    [{ uiPort: '0' }, '--ui-port must be a port number'],
  ])('refuses %j naming the flag', (flags, message) => {
    expect(() => stackConfigFrom(flags, {})).toThrow(StackConfigError);
    expect(() => stackConfigFrom(flags, {})).toThrow(message);
  });

  it('refuses two services on one port', () => {
    expect(() => stackConfigFrom({ codecPort: '9100' }, {})).toThrow(
      '--emulator-port and --codec-port are both 9100; give each service its own port.',
    );
  });
});

describe('stack.json', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads as empty when missing, round-trips a record, and disappears when nothing runs', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stack-state-'));
    const file = path.join(dir, 'stack.json');
    expect(await readStackState(file)).toEqual({ version: 1, services: {} });
    const record = { pid: 42, startedAt: 'now', command: ['node', 'x.ts'], log: 'x.log', port: 9100 };
    await writeStackState(file, { version: 1, services: { emulator: record } });
    expect((await readStackState(file)).services.emulator).toEqual(record);
    await writeStackState(file, { version: 1, services: {} });
    expect(await readStackState(file)).toEqual({ version: 1, services: {} });
  });

  it('names the field of a file it does not understand', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stack-state-'));
    const file = path.join(dir, 'stack.json');
    await writeFile(file, JSON.stringify({ version: 1, services: { worker: { pid: 'x' } } }));
    await expect(readStackState(file)).rejects.toThrow(StackStateError);
    await expect(readStackState(file)).rejects.toThrow(/services\.worker\.pid/);
  });
});
