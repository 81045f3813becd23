import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTemporalCli, temporalCliCacheDir } from '../../temporal-cli/resolve.js';
import { isProcessAlive } from '../../temporal-cli/file-lock.js';
import { compareVersions, parseGoVersion } from '../../temporal-cli/go-toolchain.js';

let root: string;
let fakeBin: string;
let cacheHome: string;
let goLog: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'temporal-cli-test-'));
  fakeBin = path.join(root, 'bin');
  cacheHome = path.join(root, 'cache');
  goLog = path.join(root, 'go.log');
  await mkdir(fakeBin);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function executable(file: string, body: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

/** A `go` that reports `version` and, on `install`, logs its environment and writes a fake CLI into $GOBIN. */
function fakeGo(
  opts: { version?: string; installExit?: number; installDelay?: string } = {},
): Promise<string> {
  return executable(
    path.join(fakeBin, 'go'),
    `case "$1" in
  version) echo "go version go${opts.version ?? '1.25.0'} linux/amd64" ;;
  install)
    echo "install $2 GOTOOLCHAIN=$GOTOOLCHAIN CGO_ENABLED=$CGO_ENABLED cwd=$(pwd)" >> "${goLog}"
    echo "go: downloading github.com/temporalio/cli v1.5.1" >&2
    /bin/sleep ${opts.installDelay ?? '0'}
    [ "${opts.installExit ?? 0}" = 0 ] || exit ${opts.installExit ?? 0}
    printf '#!/bin/sh\\necho built-temporal\\n' > "$GOBIN/temporal"
    /bin/chmod 755 "$GOBIN/temporal" ;;
esac`,
  );
}

function envWith(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: fakeBin, XDG_CACHE_HOME: cacheHome, HOME: path.join(root, 'home'), ...extra };
}

const quiet = { log: () => undefined, buildOutput: new PassThrough() };
const cachedBinary = () => path.join(cacheHome, 'hybrid-provisioner', 'temporal-v1.5.1', 'temporal');

async function goInstallCalls(): Promise<string[]> {
  const text = await readFile(goLog, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

describe('resolveTemporalCli lookup order', () => {
  it('prefers TEMPORAL_CLI over a temporal on PATH and a cached build', async () => {
    const explicit = await executable(path.join(root, 'custom', 'my-temporal'), 'echo custom');
    await executable(path.join(fakeBin, 'temporal'), 'echo path');
    await executable(cachedBinary(), 'echo cached');

    await expect(resolveTemporalCli({ ...quiet, env: envWith({ TEMPORAL_CLI: explicit }) })).resolves.toBe(
      explicit,
    );
  });

  it('rejects a TEMPORAL_CLI that does not exist, naming the variable', async () => {
    const missing = path.join(root, 'nope', 'temporal');
    await expect(resolveTemporalCli({ ...quiet, env: envWith({ TEMPORAL_CLI: missing }) })).rejects.toThrow(
      /TEMPORAL_CLI is set to ".*nope\/temporal", which is not an executable file/,
    );
  });

  it('rejects a TEMPORAL_CLI that is not executable', async () => {
    const plain = path.join(root, 'temporal.txt');
    await writeFile(plain, 'not a program');
    await expect(resolveTemporalCli({ ...quiet, env: envWith({ TEMPORAL_CLI: plain }) })).rejects.toThrow(
      /TEMPORAL_CLI/,
    );
  });

  it('uses temporal from PATH before the cached build', async () => {
    const onPath = await executable(path.join(fakeBin, 'temporal'), 'echo path');
    await executable(cachedBinary(), 'echo cached');
    await expect(resolveTemporalCli({ ...quiet, env: envWith() })).resolves.toBe(onPath);
  });

  it('uses the cached build when nothing is on PATH, without running go', async () => {
    await fakeGo();
    const cached = await executable(cachedBinary(), 'echo cached');
    await expect(resolveTemporalCli({ ...quiet, env: envWith() })).resolves.toBe(cached);
    expect(await goInstallCalls()).toEqual([]);
  });

  it('puts the cache under $HOME/.cache when XDG_CACHE_HOME is unset', () => {
    expect(temporalCliCacheDir({ HOME: '/home/ada' })).toBe(
      '/home/ada/.cache/hybrid-provisioner/temporal-v1.5.1',
    );
  });
});

describe('resolveTemporalCli without Go or with an old Go', () => {
  it('names every way out when there is neither a CLI nor Go', async () => {
    const attempt = resolveTemporalCli({ ...quiet, env: envWith() });
    await expect(attempt).rejects.toThrow(/set TEMPORAL_CLI=/);
    await expect(attempt).rejects.toThrow(/install the Temporal CLI/);
    await expect(attempt).rejects.toThrow(/Go >= 1\.25\.0/);
  });

  it('refuses a Go older than 1.25.0 before building anything', async () => {
    await fakeGo({ version: '1.24.4' });
    await expect(resolveTemporalCli({ ...quiet, env: envWith() })).rejects.toThrow(
      /is Go 1\.24\.4, but building the Temporal CLI v1\.5\.1 needs Go >= 1\.25\.0/,
    );
    expect(await goInstallCalls()).toEqual([]);
  });
});

describe('resolveTemporalCli building with go install', () => {
  it('builds into a temp GOBIN, renames into the cache and says it takes minutes', async () => {
    await fakeGo();
    const messages: string[] = [];
    const output = new PassThrough();
    let streamed = '';
    output.on('data', (chunk: Buffer) => (streamed += chunk.toString()));

    const cli = await resolveTemporalCli({
      log: (m) => messages.push(m),
      buildOutput: output,
      env: envWith(),
    });

    expect(cli).toBe(cachedBinary());
    expect(await readFile(cli, 'utf8')).toContain('built-temporal');
    expect(messages[0]).toMatch(/Building the Temporal CLI v1\.5\.1 .* takes minutes/);
    expect(streamed).toContain('go: downloading github.com/temporalio/cli v1.5.1');
    const [call] = await goInstallCalls();
    expect(call).toMatch(
      /^install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1 GOTOOLCHAIN=local CGO_ENABLED=0/,
    );
    // The build ran in (and left nothing behind in) a scratch dir inside the cache dir; the lock is released.
    expect(call).toContain(`cwd=${path.dirname(cachedBinary())}/.build-`);
    expect(await readdir(path.dirname(cachedBinary()))).toEqual(['temporal']);
  });

  it("keeps the user's GOTOOLCHAIN", async () => {
    await fakeGo({ version: '1.24.0' });
    await resolveTemporalCli({ ...quiet, env: envWith({ GOTOOLCHAIN: 'go1.25.0' }) });
    expect((await goInstallCalls())[0]).toContain('GOTOOLCHAIN=go1.25.0');
  });

  it('builds once when two first runs race, and both get the finished binary', async () => {
    await fakeGo({ installDelay: '1' });
    const env = envWith();
    const opts = { ...quiet, env };
    const [a, b] = await Promise.all([resolveTemporalCli(opts), resolveTemporalCli(opts)]);

    expect(a).toBe(cachedBinary());
    expect(b).toBe(cachedBinary());
    expect(await goInstallCalls()).toHaveLength(1);
  });

  it('breaks a lock left behind by a process that died mid-build', async () => {
    await fakeGo();
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max, so never a live process
    expect(isProcessAlive(deadPid)).toBe(false);
    await mkdir(path.dirname(cachedBinary()), { recursive: true });
    await writeFile(path.join(path.dirname(cachedBinary()), 'build.lock'), `${deadPid}\n`);

    await expect(resolveTemporalCli({ ...quiet, env: envWith() })).resolves.toBe(cachedBinary());
    expect(await goInstallCalls()).toHaveLength(1);
  });

  it('reports a failed go install and leaves no partial binary, temp dir or lock', async () => {
    await fakeGo({ installExit: 3 });
    await expect(resolveTemporalCli({ ...quiet, env: envWith() })).rejects.toThrow(
      /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1 failed \(exit code 3\)/,
    );
    expect(await readdir(path.dirname(cachedBinary()))).toEqual([]);
  });
});

describe('parseGoVersion', () => {
  it('reads release, two-part and pre-release versions from `go version` output', () => {
    expect(parseGoVersion('go version go1.25.0 linux/amd64')).toEqual([1, 25, 0]);
    expect(parseGoVersion('go version go1.26.8 darwin/arm64')).toEqual([1, 26, 8]);
    expect(parseGoVersion('go version go1.25 linux/amd64')).toEqual([1, 25, 0]);
    expect(parseGoVersion('go version devel +abc')).toBeUndefined();
  });

  it('orders versions numerically, not as text', () => {
    expect(compareVersions([1, 9, 0], [1, 25, 0])).toBeLessThan(0);
    expect(compareVersions([1, 25, 1], [1, 25, 0])).toBeGreaterThan(0);
    expect(compareVersions([1, 25, 0], [1, 25, 0])).toBe(0);
  });
});
