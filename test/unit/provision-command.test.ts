import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadCheckedSpec } from '../../client/provisioning-session.js';
import { UsageError } from '../../client/usage-error.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BAD = join(ROOT, 'test/fixtures/specs/bad');

async function badSpecs(): Promise<{ file: string; field: string; fragment: string }[]> {
  const files = (await readdir(BAD)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const first = (await readFile(join(BAD, file), 'utf8')).split('\n')[0] ?? '';
      const [, field = '', fragment = ''] = /^# expect: (\S+): (.+)$/.exec(first) ?? [];
      return { file, field, fragment };
    }),
  );
}

/** A port on which nothing listens: a command that tried to reach Temporal there would fail with exit 1. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('hybrid provision refuses bad specs before any API call', () => {
  it('has at least 20 bad spec fixtures', async () => {
    expect((await badSpecs()).length).toBeGreaterThanOrEqual(20);
  });

  it('refuses every bad spec as a usage error naming the field, before connecting anywhere', async () => {
    for (const { file, field, fragment } of await badSpecs()) {
      const error = await loadCheckedSpec(join(BAD, file)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, file).toBeInstanceOf(UsageError);
      // "(file)" marks problems of the file as a whole, which the message reports without a field path.
      if (field !== '(file)') expect((error as Error).message, file).toContain(`${field}: `);
      expect((error as Error).message, file).toContain(fragment);
    }
  });

  it('exits 2 from the command line without reaching Temporal', async () => {
    const port = await deadPort();
    for (const file of ['client-secret-inline.yaml', 'two-saml-clients.yaml', 'key-bits-not-multiple.yaml']) {
      const run = promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'client/cli.ts', 'provision', '--spec', join(BAD, file), '--wait'],
        { cwd: ROOT, env: { ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${port}` } },
      );
      const failure = (await run.then(
        () => undefined,
        (e: unknown) => e,
      )) as { code?: number; stderr?: string } | undefined;
      expect(failure?.code, file).toBe(2);
      expect(failure?.stderr, file).toMatch(/is not a valid provisioning spec/);
      expect(failure?.stderr, file).not.toMatch(/Cannot reach the Temporal server/);
    }
  });
});
