// Issue 11 item 12: the stack's background services get only the variables they need, never the user's secrets.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackConfigFrom } from '../../../stack/config.js';
import { stackPaths } from '../../../stack/paths.js';
import { SERVICES } from '../../../stack/services.js';

const SECRETS = {
  GENESYS_CLIENT_SECRET: 'genesys-secret-value',
  HYBRID_KEY_PASSWORD: 'key-password-value',
  GENESYS_CLIENT_ID: 'client-id-value',
  AWS_SECRET_ACCESS_KEY: 'aws-value',
  GITHUB_TOKEN: 'gh-value',
};

describe('the environment of each stack service', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stack-env-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function launchEnvs() {
    const env: NodeJS.ProcessEnv = {
      ...SECRETS,
      PATH: '/usr/bin:/bin',
      HOME: '/home/op',
      LC_ALL: 'C.UTF-8',
      HYBRID_DATA_DIR: dir,
      HYBRID_TASK_QUEUE: 'q',
      HYBRID_LOG_FORMAT: 'json',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      TEMPORAL_ADDRESS: 'cloud.example:7233',
      TEMPORAL_API_KEY: 'temporal-cloud-key',
      // Any executable will do: the test only reads the launch description, nothing is started.
      TEMPORAL_CLI: process.execPath,
    };
    const config = stackConfigFrom({ dataDir: dir }, env);
    const ctx = { config, paths: stackPaths(dir), env, log: () => undefined };
    const entries = await Promise.all(
      Object.values(SERVICES).map(
        async (service) => [service.name, (await service.launch(ctx)).env] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  it('holds none of the user secrets, in any service', async () => {
    const envs = await launchEnvs();
    expect(Object.keys(envs).sort()).toEqual(['codec', 'emulator', 'temporal', 'worker']);
    for (const [service, env] of Object.entries(envs)) {
      for (const [name, value] of Object.entries(SECRETS)) {
        expect(env[name], `${service} has ${name}`).toBeUndefined();
        expect(Object.values(env), `${service} holds the value of ${name}`).not.toContain(value);
      }
      expect(env.TEMPORAL_API_KEY, `${service} has TEMPORAL_API_KEY`).toBeUndefined();
      expect(env.TEMPORAL_ADDRESS, `${service} has TEMPORAL_ADDRESS`).toBeUndefined();
      expect(env.PATH).toBe('/usr/bin:/bin');
      expect(env.LC_ALL).toBe('C.UTF-8');
    }
  });

  it('gives each service what it needs', async () => {
    const { temporal, emulator, codec, worker } = await launchEnvs();
    expect(Object.keys(temporal!).sort()).toEqual(['HOME', 'LC_ALL', 'PATH']);
    expect(emulator).toMatchObject({
      EMULATOR_ADMIN_CLIENT_ID: 'demo-admin',
      EMULATOR_ADMIN_CLIENT_SECRET: 'demo-admin-secret',
    });
    expect(codec).toMatchObject({ HYBRID_DATA_DIR: dir });
    expect(worker).toMatchObject({
      HYBRID_DATA_DIR: dir,
      HYBRID_TASK_QUEUE: 'q',
      UV_THREADPOOL_SIZE: '16',
      TEMPORAL_CONFIG_FILE: stackPaths(dir).temporalConfigFile,
      // What README's "Metrics, traces and logs" tells the user to set must reach the stack's worker.
      HYBRID_LOG_FORMAT: 'json',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
    expect(emulator).not.toHaveProperty('OTEL_EXPORTER_OTLP_ENDPOINT');
  });
});
