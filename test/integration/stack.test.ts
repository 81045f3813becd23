// `hybrid stack up|status|down` as a user runs them: the real CLI in child processes, on free ports and a
// temporary data directory, so it never touches the default ports or .data of the machine.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../../temporal-cli/free-port.js';
import { portIsFree } from '../../stack/ports.js';
// Zombie-aware: a stopped service whose exit its new parent has not reaped yet counts as gone.
import { isAlive } from '../../stack/processes.js';

const HYBRID = fileURLToPath(new URL('../../bin/hybrid.mjs', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function hybrid(args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [HYBRID, ...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

describe('hybrid stack', () => {
  let dataDir: string;
  let ports: { temporal: number; ui: number; emulator: number; codec: number; metrics: number };
  let portFlags: string[];
  let pids: number[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hybrid-stack-'));
    const [temporal, ui, emulator, codec, metrics] = (await distinctFreePorts(5)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    ports = { temporal, ui, emulator, codec, metrics };
    portFlags = [
      '--data-dir',
      dataDir,
      '--temporal-port',
      String(temporal),
      '--ui-port',
      String(ui),
      '--emulator-port',
      String(emulator),
      '--codec-port',
      String(codec),
      '--metrics-port',
      String(metrics),
    ];
  });

  afterAll(async () => {
    // Whatever happened above, leave no process behind.
    await hybrid(['stack', 'down', '--data-dir', dataDir], 60_000);
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }, 90_000);

  it('starts all four services in the background and reports them up', async () => {
    const up = await hybrid(['stack', 'up', ...portFlags], 240_000);
    expect(up.stderr + up.stdout).not.toContain('FAILED');
    expect(up.code).toBe(0);
    for (const name of ['temporal', 'emulator', 'codec', 'worker']) {
      expect(up.stdout).toMatch(new RegExp(`${name}\\s+started in`));
    }
    expect(up.stdout).toContain(`Temporal Web UI  http://localhost:${ports.ui}`);

    const state = JSON.parse(await readFile(path.join(dataDir, 'stack.json'), 'utf8')) as {
      services: Record<string, { pid: number }>;
    };
    pids = Object.values(state.services).map((s) => s.pid);
    expect(pids).toHaveLength(4);
    // The CLI has exited; the services it started live on.
    for (const pid of pids) expect(isAlive(pid)).toBe(true);

    const status = await hybrid(['stack', 'status', '--data-dir', dataDir], 60_000);
    expect(status.code).toBe(0);
    expect(status.stdout.match(/^\s+\w+\s+up\s+pid \d+/gm)).toHaveLength(4);
  });

  it('serves the Temporal Web UI, the emulator with the demo admin client, and the codec server', async () => {
    const ui = await fetch(`http://localhost:${ports.ui}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);

    const token = await fetch(`http://127.0.0.1:${ports.emulator}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('demo-admin:demo-admin-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);

    // The UI's origin may call the codec server; any other origin may not.
    const decode = (origin: string) =>
      fetch(`http://127.0.0.1:${ports.codec}/decode`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: '{"payloads":[]}',
      });
    expect((await decode(`http://localhost:${ports.ui}`)).status).toBe(200);
    expect((await decode('http://localhost:8233')).status).toBe(403);

    // The worker's Prometheus endpoint, with the Temporal SDK's own series.
    const metrics = await fetch(`http://127.0.0.1:${ports.metrics}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^temporal_\w+/m);
  });

  it('leaves running services alone when started again', async () => {
    const again = await hybrid(['stack', 'up', ...portFlags], 120_000);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/already running/g)).toHaveLength(4);
    for (const pid of pids) expect(again.stdout).toContain(`pid ${pid}`);
  });

  it('stops every service on down, twice without complaint, and frees the ports', async () => {
    const down = await hybrid(['stack', 'down', '--data-dir', dataDir], 90_000);
    expect(down.code).toBe(0);
    expect(down.stdout.match(/stopped \(pid \d+\)/g)).toHaveLength(4);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    for (const port of Object.values(ports)) expect(await portIsFree(port)).toBe(true);

    const downAgain = await hybrid(['stack', 'down', '--data-dir', dataDir], 60_000);
    expect(downAgain.code).toBe(0);
    expect(downAgain.stdout.match(/was not running/g)).toHaveLength(4);

    const status = await hybrid(['stack', 'status', '--data-dir', dataDir], 60_000);
    expect(status.code).toBe(1);
    expect(status.stdout.match(/stopped/g)).toHaveLength(4);
  });
});
