/**
 * End-to-end proof that no secret of a provisioning run is readable outside its 0600 files: not in any
 * workflow history (protojson and raw protobuf bytes), not in the worker's log, not in the CLI's output.
 *
 * The run is started by `hybrid provision --wait` as a child process (the way an operator runs it) against the
 * global-setup dev server; an in-process worker with the same codec key and the redacting logger executes it.
 * Its first `ensureAdmin` attempt fails with every secret in the error message, the way an upstream error
 * that echoes a request would, so that the SDK's `Activity failed` log line must be redacted.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto, { type temporal } from '@temporalio/proto';
import { Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clientSecretPath, readClientSecretFile } from '../../secrets/client-secret-file.js';
import { decryptPrivateKeyPem } from '../../certificate/bundle.js';
import { createDataConverter } from '../../codec/data-converter.js';
import { parseKeyring } from '../../codec/keys.js';
import type { CreatedOrg } from '../../emulator/routes/control.js';
import type { ProvisionResult } from '../../provisioning/types.js';
import { sampleSpecEnv, sampleSpecYaml } from '../../spec/sample-spec.js';
import { provisionWorkflowId } from '../../workflows/provision-api.js';
import { createRedactingLogger } from '../../worker/redacting-logger.js';
import { EmulatorControlClient } from './provisioning/emulator-control.js';
import { newCodecKeyEntry, startCodecWorker, type CodecWorker } from './secrets/codec-worker.js';
import { startTokenRecordingProxy, type TokenRecordingProxy } from './secrets/token-recording-proxy.js';

const run = promisify(execFile);
const HYBRID = fileURLToPath(new URL('../../bin/hybrid.mjs', import.meta.url));
const KEY_PASSWORD = 'correct horse battery staple, scan edition';
const CODEC_KEY = newCodecKeyEntry('scan-key');

type History = temporal.api.history.v1.IHistory;

/** The worker's log, as the DefaultLogger would print it, behind the redacting logger. */
const workerLog: string[] = [];
let proxy: TokenRecordingProxy;
let worker: CodecWorker;
let org: CreatedOrg;
let outputDir: string;
let dataDir: string;
let specPath: string;
/** What `hybrid provision --wait` printed, stdout and stderr. */
let cliOutput = '';
let result: ProvisionResult;

/** Every secret of the run, by what it is, so a failure says which one leaked. */
const needles = new Map<string, string>();

function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    HYBRID_CODEC_KEY: CODEC_KEY,
    HYBRID_DATA_DIR: dataDir,
    ...sampleSpecEnv(org, KEY_PASSWORD),
    NO_COLOR: '1',
  };
  delete env.HYBRID_CODEC_KEY_FILE;
  delete env.HYBRID_TASK_QUEUE;
  return env;
}

async function hybrid(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [HYBRID, ...args], {
    env: cliEnv(),
    timeout: 150_000,
    maxBuffer: 4 * 1024 * 1024,
  });
  return `${stdout}\n${stderr}`;
}

function leaksIn(text: string | Buffer): string[] {
  return [...needles].filter(([, secret]) => text.includes(secret)).map(([what]) => what);
}

async function histories(client: Client, taskQueue: string): Promise<Map<string, History>> {
  const found = new Map<string, History>();
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    found.set(`${execution.workflowId}/${execution.runId}`, history);
  }
  return found;
}

beforeAll(async () => {
  // This file's fork has no Runtime yet; failing here (instead of logging somewhere unseen) keeps the scan honest.
  Runtime.install({
    logger: createRedactingLogger('DEBUG', (entry) =>
      workerLog.push(
        `${entry.level} ${entry.message} ${entry.meta === undefined ? '' : inspect(entry.meta, { depth: 12 })}`,
      ),
    ),
  });
  proxy = await startTokenRecordingProxy(inject('emulatorUrl'));
  org = await new EmulatorControlClient(inject('emulatorUrl')).createOrg(`scan-${Date.now().toString(36)}`);
  outputDir = await mkdtemp(join(tmpdir(), 'hybrid-scan-out-'));
  dataDir = await mkdtemp(join(tmpdir(), 'hybrid-scan-data-'));
  let echoed = false;
  worker = await startCodecWorker({
    address: inject('temporalAddress'),
    namespace: inject('temporalNamespace'),
    codecKey: CODEC_KEY,
    wrap: (real) => ({
      ensureAdmin: async (input) => {
        if (!echoed) {
          echoed = true;
          // What a careless upstream error could say; the retry then does the real work.
          const clientSecrets = await Promise.all(
            ['PureEngage WDE', 'Agent Pacing Service (ewt)'].map(async (name) =>
              eventually(async () => {
                const file = clientSecretPath(outputDir, name);
                return (await readClientSecretFile(file)).secret;
              }),
            ),
          );
          throw new Error(
            `upstream rejected {"client_secret":"${org.adminClientSecret}"} for Bearer ${proxy.tokens.at(-1)}; ` +
              `secrets ${clientSecrets.join(' ')} password ${KEY_PASSWORD}\n${await eventually(privateKeyPem)}`,
          );
        }
        return real.ensureAdmin(input);
      },
    }),
  });
  const slug = org.thirdPartyOrgName;
  specPath = join(dataDir, 'spec.yaml');
  await writeFile(
    specPath,
    sampleSpecYaml({ org: slug, environment: proxy.url, output: outputDir, subjectOrganization: 'Scan' }),
  );

  const started = Date.now();
  cliOutput = await hybrid('provision', '--spec', specPath, '--wait', '--task-queue', worker.taskQueue);
  console.info(`hybrid provision --wait took ${Date.now() - started} ms`);
  result = (await worker.client.workflow.getHandle(provisionWorkflowId(slug)).result()) as ProvisionResult;

  needles.set('admin client secret', org.adminClientSecret);
  needles.set('certificate key password', KEY_PASSWORD);
  for (const client of result.oauthClients) {
    expect(client.secretFile, `${client.name} has a secret file`).toBeDefined();
    needles.set(`client secret of ${client.name}`, (await readClientSecretFile(client.secretFile!)).secret);
  }
  const pemLines = (await privateKeyPem()).split('\n').filter((line) => line && !line.startsWith('-----'));
  pemLines.forEach((line, i) => needles.set(`private key PEM line ${i + 1}`, line));
  proxy.tokens.forEach((token, i) => needles.set(`access token ${i + 1}`, token));
}, 240_000);

/** The OAuth client steps run beside the admin step: wait (bounded) for what they write. */
async function eventually<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function privateKeyPem(): Promise<string> {
  const files = result?.certificateFiles ?? { key: join(outputDir, 'key.pem.enc') };
  return decryptPrivateKeyPem(await readFile(files.key, 'utf8'), KEY_PASSWORD);
}

afterAll(async () => {
  await worker?.stop();
  await proxy?.close();
});

describe('secrets of a provisioning run', () => {
  it('were all collected: two client secrets in 0600 files, the key, and the tokens issued on the wire', async () => {
    expect(cliOutput).toContain(`Provisioned ${org.thirdPartyOrgName}.`);
    for (const client of result.oauthClients)
      expect((await stat(client.secretFile!)).mode & 0o777).toBe(0o600);
    expect([...needles.keys()].filter((k) => k.startsWith('client secret'))).toHaveLength(2);
    expect([...needles.keys()].filter((k) => k.startsWith('private key PEM')).length).toBeGreaterThan(10);
    expect(proxy.tokens.length).toBeGreaterThan(0);
  });

  it('appear in no workflow history of the run, neither as protojson nor in the raw protobuf bytes', async () => {
    const found = await histories(worker.client, worker.taskQueue);
    expect([...found.keys()].some((key) => key.startsWith(provisionWorkflowId(org.thirdPartyOrgName)))).toBe(
      true,
    );
    let scannedBytes = 0;
    for (const [execution, history] of found) {
      const json = historyToJSON(history);
      const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
      // The scan can see plaintext: unencrypted history fields (the task queue) are found in both forms.
      expect(json).toContain(worker.taskQueue);
      expect(bytes.includes(worker.taskQueue)).toBe(true);
      expect(leaksIn(json), `protojson of ${execution}`).toEqual([]);
      expect(leaksIn(bytes), `raw bytes of ${execution}`).toEqual([]);
      // Payloads are ciphertext: not even the non-secret spec values are readable.
      expect(bytes.includes('Agent Pacing Service (ewt)'), `payloads of ${execution}`).toBe(false);
      scannedBytes += json.length + bytes.length;
    }
    console.info(`scanned ${found.size} histories (${scannedBytes} bytes) for ${needles.size} secrets`);
  });

  it("appear in no line of the worker's log, which did log the failure that quoted them all", () => {
    const text = workerLog.join('\n');
    const echo = workerLog.find((line) => line.includes('upstream rejected'));
    expect(echo, 'the injected ensureAdmin failure was logged').toBeDefined();
    expect(echo).toContain('[redacted]');
    expect(echo).toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY----- \[redacted\]/);
    expect(leaksIn(text)).toEqual([]);
    console.info(`scanned ${workerLog.length} worker log entries (${text.length} characters)`);
  });

  it('appear nowhere in what hybrid provision --wait printed', () => {
    expect(cliOutput).toContain('secret:');
    expect(leaksIn(cliOutput)).toEqual([]);
  });

  it('reach the terminal only through hybrid result --show-secrets', async () => {
    const plain = await hybrid('result', org.thirdPartyOrgName);
    expect(leaksIn(plain)).toEqual([]);
    const shown = await hybrid('result', org.thirdPartyOrgName, '--show-secrets');
    const clientSecrets = [...needles].filter(([what]) => what.startsWith('client secret'));
    for (const [what, secret] of clientSecrets) expect(shown, what).toContain(secret);
    expect(leaksIn(shown).sort()).toEqual(clientSecrets.map(([what]) => what).sort());
  });

  it('stay unreadable to a client with another codec key, which fails naming the key id', async () => {
    const otherKey = parseKeyring(newCodecKeyEntry('other-key'), 'HYBRID_CODEC_KEY');
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const stranger = new Client({
        connection,
        namespace: inject('temporalNamespace'),
        dataConverter: await createDataConverter({ keyring: otherKey }),
      });
      const error = await stranger.workflow
        .getHandle(provisionWorkflowId(org.thirdPartyOrgName))
        .result()
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(error?.name).toBe('PayloadDecryptionError');
      expect(error?.message).toContain('scan-key');
    } finally {
      await connection.close();
    }
  });
});
