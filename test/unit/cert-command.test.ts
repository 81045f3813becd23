// `hybrid cert` bad input: a message naming the option and the fix, exit code 2, and nothing written. The message
// matrix runs in-process against prepareCertificateInput; child processes (with --local, no server needed) pin
// the exit codes and that nothing is written.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import {
  prepareCertificateInput,
  register as registerCert,
  type CertFlags,
} from '../../client/commands/cert.js';
import { UsageError } from '../../client/usage-error.js';
import { getFreePort } from '../../temporal-cli/free-port.js';

const execFileAsync = promisify(execFile);
const HYBRID_BIN = path.resolve('bin/hybrid.mjs');
const PASSWORD = 'correct horse battery staple';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cert-command-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function hybrid(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [HYBRID_BIN, ...args], {
      env: { ...process.env, CERT_TEST_PASSWORD: PASSWORD, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The flags exactly as the real `cert` command parses them. */
function parseCertFlags(args: string[]): CertFlags {
  const program = new Command().exitOverride();
  let flags: CertFlags | undefined;
  registerCert(program);
  program.commands[0]!.action((parsed: CertFlags) => void (flags = parsed));
  program.parse(['cert', ...args], { from: 'user' });
  return flags!;
}

describe('hybrid cert with bad input', () => {
  const cases: Array<{ name: string; args: string[]; env?: NodeJS.ProcessEnv; message: RegExp }> = [
    {
      name: 'an unset password variable',
      args: ['--password-env', 'CERT_TEST_UNSET_VARIABLE'],
      message: /--password-env: environment variable CERT_TEST_UNSET_VARIABLE is not set/,
    },
    {
      name: 'an empty password variable',
      args: ['--password-env', 'CERT_TEST_EMPTY'],
      env: { CERT_TEST_EMPTY: '' },
      message: /--password-env: environment variable CERT_TEST_EMPTY is empty/,
    },
    {
      name: 'the password itself instead of a variable name',
      args: ['--password-env', 'hunter2 secret!'],
      message: /--password-env takes the NAME of an environment variable/,
    },
    {
      name: 'zero days',
      args: ['--days', '0'],
      message: /--days must be a whole number of days greater than 0/,
    },
    { name: 'days that are not a number', args: ['--days', 'ten'], message: /--days .*\(got "ten"\)/ },
    {
      name: 'a key smaller than 2048 bits',
      args: ['--key-bits', '1024'],
      message: /--key-bits must be a multiple/,
    },
    {
      name: 'a key size not a multiple of 1024',
      args: ['--key-bits', '3000'],
      message: /--key-bits .*\(got 3000\)/,
    },
    { name: 'a malformed subject', args: ['--subject', 'no equals sign'], message: /--subject/ },
    {
      name: 'an unknown key format',
      args: ['--key-format', 'der'],
      message: /--key-format must be "traditional"/,
    },
  ];

  it.each(cases)(
    'refuses $name with a UsageError naming the option, creating nothing',
    async ({ args, env, message }) => {
      const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
      const attempt = prepareCertificateInput(
        parseCertFlags(['--out', out, '--password-env', 'CERT_TEST_PASSWORD', ...args]),
        {
          CERT_TEST_PASSWORD: PASSWORD,
          ...env,
        },
      );
      await expect(attempt).rejects.toBeInstanceOf(UsageError);
      await expect(attempt).rejects.toThrow(message);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('exits 2 with the message on stderr and nothing on stdout or disk, as a process', async () => {
    const out = path.join(dir, 'zero-days');
    const result = await hybrid([
      'cert',
      '--out',
      out,
      '--password-env',
      'CERT_TEST_PASSWORD',
      '--days',
      '0',
      '--local',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^hybrid: --days must be a whole number of days greater than 0/);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('never echoes a password typed where the variable name belongs', async () => {
    const result = await hybrid([
      'cert',
      '--out',
      path.join(dir, 'x'),
      '--password-env',
      'Tr0ub4dor&3',
      '--local',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('Tr0ub4dor');
  });

  it('exits 2 naming --out and --force when the directory already holds a bundle, leaving it untouched', async () => {
    const out = path.join(dir, 'occupied');
    await mkdir(out);
    await writeFile(path.join(out, 'cert.pem'), 'existing');

    const result = await hybrid(['cert', '--out', out, '--password-env', 'CERT_TEST_PASSWORD', '--local']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out .*occupied already holds a certificate bundle .*use --force/);
    expect(await readdir(out)).toEqual(['cert.pem']);
  });

  it('refuses an --out that is a file', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    await expect(
      prepareCertificateInput(parseCertFlags(['--out', file, '--password-env', 'CERT_TEST_PASSWORD']), {
        CERT_TEST_PASSWORD: PASSWORD,
      }),
    ).rejects.toThrow(/--out .*a-file exists but is not a directory/);
  });

  it('exits 2 when a required option is missing', async () => {
    const result = await hybrid(['cert', '--password-env', 'CERT_TEST_PASSWORD']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/required option '--out <dir>' not specified/);
  });

  it('exits 1 with what to do when no Temporal server answers', async () => {
    const closedPort = await getFreePort();
    const result = await hybrid(
      ['cert', '--out', path.join(dir, 'unreached'), '--password-env', 'CERT_TEST_PASSWORD'],
      {
        TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}`,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot reach the Temporal server at 127.0.0.1:${closedPort}`);
    expect(result.stderr).toContain('npm run temporal:dev');
    expect(result.stderr).toContain('TEMPORAL_ADDRESS');
    expect(existsSync(path.join(dir, 'unreached'))).toBe(false);
  });
});

describe('prepareCertificateInput', () => {
  it('passes the password as a reference to the variable, never its value', async () => {
    const input = await prepareCertificateInput(
      { out: path.join(dir, 'ref'), passwordEnv: 'KEY_PASSWORD', days: '30' },
      { KEY_PASSWORD: PASSWORD },
    );
    expect(input.password).toEqual({ env: 'KEY_PASSWORD' });
    expect(JSON.stringify(input)).not.toContain(PASSWORD);
    expect(input.outDir).toBe(path.join(dir, 'ref'));
    expect(input.options.days).toBe(30);
  });
});
