import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devServerArgs, startDevServer } from '../../temporal-cli/dev-server.js';
import { getFreePort } from '../../temporal-cli/free-port.js';
import { HYBRID_SEARCH_ATTRIBUTES, HybridDrift, HybridOrg } from '../../temporal/search-attributes.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dev-server-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fakeCli(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('the project search attributes', () => {
  it('are registered with the CLI type names and share their names with the workflow keys', () => {
    expect(HYBRID_SEARCH_ATTRIBUTES).toEqual([
      { name: 'HybridOrg', type: 'Keyword' },
      { name: 'HybridEnvironment', type: 'Keyword' },
      { name: 'HybridStatus', type: 'Keyword' },
      { name: 'HybridDrift', type: 'Bool' },
    ]);
    expect(HybridOrg).toEqual({ name: 'HybridOrg', type: 'KEYWORD' });
    expect(HybridDrift).toEqual({ name: 'HybridDrift', type: 'BOOL' });
  });
});

describe('devServerArgs', () => {
  it('persists to SQLite, serves the UI on port + 1000 and registers every search attribute', () => {
    const args = devServerArgs({ port: 7233, dbFile: '.data/temporal/dev.db' });
    expect(args.join(' ')).toBe(
      'server start-dev --port 7233 --ip localhost --ui-port 8233 --db-filename .data/temporal/dev.db ' +
        '--search-attribute HybridOrg=Keyword --search-attribute HybridEnvironment=Keyword ' +
        '--search-attribute HybridStatus=Keyword --search-attribute HybridDrift=Bool',
    );
  });

  it('runs headless and in memory for tests, with the codec endpoint and extra args passed through', () => {
    const args = devServerArgs({
      port: 40001,
      headless: true,
      codecEndpoint: 'http://localhost:8888',
      extraArgs: ['--log-level', 'error'],
      searchAttributes: [],
    });
    expect(args).toEqual([
      'server',
      'start-dev',
      '--port',
      '40001',
      '--ip',
      'localhost',
      '--headless',
      '--ui-codec-endpoint',
      'http://localhost:8888',
      '--log-level',
      'error',
    ]);
  });

  it('uses an explicit UI port', () => {
    expect(devServerArgs({ port: 7300, uiPort: 9000 })).toContain('9000');
  });
});

describe('startDevServer failures', () => {
  it('reports a server that dies during startup with the tail of its output', async () => {
    const cliPath = await fakeCli(
      'dying-temporal',
      'echo "starting" ; echo "listen tcp 127.0.0.1:7233: bind: address already in use" >&2 ; exit 1',
    );
    const start = startDevServer({ cliPath, port: await getFreePort(), headless: true });
    await expect(start).rejects.toThrow(/exited with code 1 before it was ready/);
    await expect(start).rejects.toThrow(/bind: address already in use/);
  });

  it('gives up after the ready timeout and stops the process it started', async () => {
    const pidFile = path.join(dir, 'silent.pid');
    const cliPath = await fakeCli('silent-temporal', `echo $$ > "${pidFile}"; exec /bin/sleep 60`);
    const start = startDevServer({
      cliPath,
      port: await getFreePort(),
      headless: true,
      readyTimeoutMs: 1500,
    });
    await expect(start).rejects.toThrow(/did not answer on localhost:\d+ within 1\.5 s/);

    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
