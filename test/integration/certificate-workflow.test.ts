// certificateWorkflow against the real dev server from the global setup: once with a worker in this process, once
// end to end through the `hybrid cert` CLI in a child process.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GenerateCertificateInput } from '../../activities/certificate.js';
import { DEFAULT_CERTIFICATE_OPTIONS } from '../../certificate/options.js';
import { createDataConverter, createPayloadCodec } from '../../codec/data-converter.js';
import { createWorker } from '../../worker/create-worker.js';
import { certificateWorkflow } from '../../workflows/certificate.js';

const execFileAsync = promisify(execFile);

let dir: string;
let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;

beforeAll(async () => {
  // Before any connection; keeps per-task SDK info logs out of the test output.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  dir = await mkdtemp(path.join(os.tmpdir(), 'certificate-workflow-'));
  const address = inject('temporalAddress');
  connection = await Connection.connect({ address });
  nativeConnection = await NativeConnection.connect({ address });
  // The worker encrypts payloads with the project's codec (createWorker's default), so the client must too.
  client = new Client({
    connection,
    namespace: inject('temporalNamespace'),
    dataConverter: await createDataConverter(),
  });
});

afterAll(async () => {
  await nativeConnection?.close();
  await connection?.close();
  await rm(dir, { recursive: true, force: true });
});

const unique = () => randomBytes(4).toString('hex');

type Payload = temporal.api.common.v1.IPayload;

function isPayload(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && 'metadata' in value && 'data' in value;
}

function collectPayloads(value: unknown, into: Payload[] = []): Payload[] {
  if (isPayload(value)) into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectPayloads(item, into));
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    Object.values(value).forEach((item) => collectPayloads(item, into));
  }
  return into;
}

/**
 * The history as stored plus every payload decrypted with the codec key, as text: a secret that reached Temporal
 * in any form (even encrypted, to someone holding the key) would show up in it.
 */
async function historyText(history: temporal.api.history.v1.IHistory): Promise<string> {
  const codec = await createPayloadCodec();
  const decoded = await codec.decode(collectPayloads(history));
  const decodedText = decoded.map((payload) =>
    Buffer.from(payload.data ?? new Uint8Array()).toString('utf8'),
  );
  return [JSON.stringify(history), ...decodedText].join('\n');
}

async function expectPrivateFile(file: string): Promise<void> {
  const info = await stat(file);
  expect(info.isFile()).toBe(true);
  expect(info.mode & 0o777).toBe(0o600);
}

/** openssl's view of the certificate: subject, expiry and SHA-256 fingerprint. */
async function openssl(certFile: string): Promise<string> {
  const { stdout } = await execFileAsync('openssl', [
    'x509',
    '-in',
    certFile,
    '-noout',
    '-subject',
    '-enddate',
    '-fingerprint',
    '-sha256',
  ]);
  return stdout;
}

function colonHex(hex: string): string {
  return hex.toUpperCase().match(/../g)!.join(':');
}

describe('certificateWorkflow on a real Temporal server', () => {
  it('writes a 0600 bundle that openssl reads, and keeps the password out of the history', async () => {
    const passwordVar = `CERT_IT_PASSWORD_${unique()}`;
    const password = `pw-${unique()}-${unique()}`;
    process.env[passwordVar] = password;
    const taskQueue = `certificate-it-${unique()}`;
    const worker = await createWorker({ connection: nativeConnection, taskQueue });
    const input: GenerateCertificateInput = {
      outDir: path.join(dir, 'in-process'),
      options: { ...DEFAULT_CERTIFICATE_OPTIONS, days: 30, subject: 'CN=Integration Test,O=Hybrid' },
      password: { env: passwordVar },
      force: false,
    };

    try {
      const handle = await client.workflow.start(certificateWorkflow, {
        workflowId: `certificate/it-${unique()}`,
        taskQueue,
        args: [input],
      });
      const result = await worker.runUntil(handle.result());

      for (const file of Object.values(result.files)) await expectPrivateFile(file);
      expect(result.files.cert).toBe(path.join(input.outDir, 'cert.pem'));
      const parsed = await openssl(result.files.cert);
      expect(parsed).toMatch(/subject=.*CN\s*=\s*Integration Test/);
      expect(parsed).toContain(`Fingerprint=${colonHex(result.sha256Fingerprint)}`);
      expect(new Date(result.notAfter).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

      const history = await historyText(await handle.fetchHistory());
      // The reference travels (proving the payloads were decrypted into the text), the value does not.
      expect(history).toContain(passwordVar);
      expect(history).not.toContain(password);
    } finally {
      delete process.env[passwordVar];
    }
  });
});

describe('hybrid cert through Temporal', () => {
  it('generates the bundle via an in-process worker and prints paths, fingerprint, expiry and the UI link', async () => {
    const out = path.join(dir, 'via-cli');
    const password = `cli-pw-${unique()}`;
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        path.resolve('bin/hybrid.mjs'),
        'cert',
        '--out',
        out,
        '--password-env',
        'HYBRID_IT_PASSWORD',
        '--days',
        '90',
      ],
      {
        env: {
          ...process.env,
          HYBRID_IT_PASSWORD: password,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          TEMPORAL_NAMESPACE: inject('temporalNamespace'),
          HYBRID_TEMPORAL_UI: 'http://temporal-ui.test',
        },
        timeout: 150_000,
      },
    );

    expect(stdout).toContain(path.join(out, 'cert.pem'));
    expect(stdout).toContain(path.join(out, 'key.pem.enc.b64'));
    for (const name of ['cert.pem', 'cert.pem.b64', 'key.pem.enc', 'key.pem.enc.b64']) {
      await expectPrivateFile(path.join(out, name));
    }
    const fingerprint = /^SHA-256\s+([0-9a-f]{64})$/m.exec(stdout)?.[1];
    expect(fingerprint).toBeDefined();
    expect(await openssl(path.join(out, 'cert.pem'))).toContain(`Fingerprint=${colonHex(fingerprint!)}`);
    expect(stdout).toMatch(/^Not after\s+\d{4}-\d\d-\d\dT/m);

    const link =
      /^Temporal\s+(http:\/\/temporal-ui\.test\/namespaces\/default\/workflows\/(\S+)\/(\S+)\/history)$/m.exec(
        stdout,
      );
    expect(link).not.toBeNull();
    const workflowId = decodeURIComponent(link![2]!);
    expect(workflowId).toMatch(/^certificate\/via-cli-[0-9a-f]{6}$/);
    const handle = client.workflow.getHandle(workflowId, link![3]);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const history = await historyText(await handle.fetchHistory());
    expect(history).toContain('HYBRID_IT_PASSWORD');
    expect(history).not.toContain(password);
  });

  it('on Ctrl-C terminates its run instead of stranding it, and exits at once', async () => {
    const out = path.join(dir, 'interrupted');
    // The largest key (4096 bits) takes a moment to generate: the signal is sent as soon as the run starts.
    const child = spawn(
      process.execPath,
      [
        path.resolve('bin/hybrid.mjs'),
        'cert',
        '--out',
        out,
        '--password-env',
        'HYBRID_IT_PASSWORD',
        '--key-bits',
        '4096',
      ],
      {
        env: {
          ...process.env,
          HYBRID_IT_PASSWORD: `pw-${unique()}`,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const started = new Promise<string>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const id = /Started workflow (\S+?)(:|\s|$)/.exec(stderr)?.[1];
        if (id) resolve(id);
      }),
    );
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );

    const workflowId = await started;
    const signalledAt = Date.now();
    child.kill('SIGINT');

    expect(await exited).toBe('SIGINT');
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    // Never stranded: terminated, or (when the key came faster than the signal) already ended; and the message
    // says which, never "terminated" for a run that completed.
    const status = (await client.workflow.getHandle(workflowId).describe()).status.name;
    expect(['TERMINATED', 'COMPLETED']).toContain(status);
    expect(stderr).toContain(
      `workflow ${workflowId} ${status === 'TERMINATED' ? 'was terminated' : 'had already ended'}`,
    );
  });
});
