// `hybrid codec-server` through the real CLI entry point, as `hybrid stack up` starts it.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../../temporal-cli/free-port.js';

const HYBRID = fileURLToPath(new URL('../../bin/hybrid.mjs', import.meta.url));

describe('hybrid codec-server', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // Its own data dir: the generated codec key and token go there, not into the project's .data.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'codec-server-command-'));
    env = { ...process.env, HYBRID_DATA_DIR: dataDir };
    delete env.HYBRID_CODEC_KEY;
    delete env.HYBRID_CODEC_KEY_FILE;
    delete env.HYBRID_CODEC_SERVER_TOKEN;
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function run(args: string[]): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [HYBRID, 'codec-server', ...args],
        { env, timeout: 30_000 },
        (error, _out, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
  }

  it('refuses an allowed origin with a path, naming the flag (exit 2)', async () => {
    const { code, stderr } = await run(['--allowed-origin', 'http://localhost:8233/ui']);
    expect(code).toBe(2);
    expect(stderr).toContain('--allowed-origin must be an origin like http://localhost:8233');
  });

  it('refuses --insecure-no-auth beyond loopback (exit 2)', async () => {
    const { code, stderr } = await run(['--insecure-no-auth', '--host', '0.0.0.0', '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('insecureNoAuth is only allowed on a loopback host');
  });

  it('serves the allowed UI origin with a token required, and stops cleanly on SIGTERM', async () => {
    const port = await getFreePort();
    const child = spawn(
      process.execPath,
      [HYBRID, 'codec-server', '--port', String(port), '--allowed-origin', 'http://localhost:18233'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => output, { timeout: 30_000 }).toContain('Codec server listening');
      // The token's source is named; the token itself is never printed.
      expect(output).toContain(`Bearer <token from ${path.join(dataDir, 'codec-server.token')}>`);

      const decode = (origin: string) =>
        fetch(`http://127.0.0.1:${port}/decode`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: '{"payloads":[]}',
        });
      expect((await decode('http://localhost:18233')).status).toBe(401);
      expect((await decode('http://localhost:8233')).status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
