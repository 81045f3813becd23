/**
 * For verification tests: a real worker (every activity the worker registers, real payload codec) on a
 * private task queue of the global-setup dev server, a client with the same codec, and an org provisioned
 * from a spec file written in the documented YAML form (so the CLI can be run on the very same file).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreatedOrg } from '../../../emulator/routes/control.js';
import { createGenesysClient, type GenesysClient } from '../../../purecloud/index.js';
import { loadSpecFile } from '../../../spec/load.js';
import { sampleSpecEnv, sampleSpecYaml } from '../../../spec/sample-spec.js';
import { resolveSpecSecrets } from '../../../spec/secrets.js';
import { toVerifyInput } from '../../../verification/spec-to-verify-input.js';
import type { VerifyInput, VerifyResult } from '../../../verification/types.js';
import { activities } from '../../../worker/activities.js';
import { provisionWorkflowId } from '../../../workflows/provision-api.js';
import { EmulatorControlClient } from '../provisioning/emulator-control.js';
import { newCodecKeyEntry, startTestWorker } from '../support/test-worker.js';
import type { Client } from '@temporalio/client';

export interface VerifyHarness {
  client: Client;
  taskQueue: string;
  /** `HYBRID_CODEC_KEY` value of the worker's keyring, for CLI subprocesses. */
  codecKey: string;
  stop(): Promise<void>;
}

export async function startVerifyHarness(temporalAddress: string, namespace: string): Promise<VerifyHarness> {
  const codecKey = newCodecKeyEntry('verify-test');
  const worker = await startTestWorker({
    address: temporalAddress,
    namespace,
    codecKey,
    activities,
    taskQueuePrefix: 'verify-test',
  });
  return { ...worker, codecKey };
}

export interface TestOrg {
  created: CreatedOrg;
  slug: string;
  specPath: string;
  outputDir: string;
  /** The variables the spec's env: references name. */
  env: Record<string, string>;
  testUserEmail: string;
  verifyInput(overrides?: Partial<Pick<VerifyInput, 'remediate' | 'expiry'>>): Promise<VerifyInput>;
  /** A Genesys client with the org's admin credentials, to make drift behind the tool's back. */
  genesys: GenesysClient;
}

/** A fresh emulator org and a spec for it (certificate valid 400 days, so expiry checks pass by default). */
export async function createTestOrg(emulatorUrl: string, label: string): Promise<TestOrg> {
  const name = `${label}-${randomBytes(3).toString('hex')}`;
  const created = await new EmulatorControlClient(emulatorUrl).createOrg(name);
  const slug = created.thirdPartyOrgName.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const dir = await mkdtemp(join(tmpdir(), 'hybrid-verify-'));
  const outputDir = join(dir, 'out');
  const testUserEmail = `agent@${slug}.example.com`;
  const specPath = join(dir, 'org.yaml');
  await writeFile(
    specPath,
    sampleSpecYaml({
      org: slug,
      environment: emulatorUrl,
      output: outputDir,
      certificateDays: 400,
      testUserEmail,
    }),
  );
  const env = sampleSpecEnv(created);
  return {
    created,
    slug,
    specPath,
    outputDir,
    env,
    testUserEmail,
    genesys: createGenesysClient({
      environment: emulatorUrl,
      clientId: created.adminClientId,
      clientSecret: created.adminClientSecret,
    }),
    async verifyInput(overrides = {}) {
      const spec = await loadSpecFile(specPath);
      return toVerifyInput(spec, await resolveSpecSecrets(spec, { env }), overrides);
    },
  };
}

export async function provision(harness: VerifyHarness, org: TestOrg): Promise<void> {
  const input = (await org.verifyInput()).provision;
  const handle = await harness.client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.org),
    taskQueue: harness.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await handle.result();
}

export async function verify(harness: VerifyHarness, input: VerifyInput): Promise<VerifyResult> {
  return harness.client.workflow.execute('verifyWorkflow', {
    workflowId: `verify/${input.provision.org}/${randomBytes(3).toString('hex')}`,
    taskQueue: harness.taskQueue,
    args: [input],
  });
}

export function notOk(report: VerifyResult): Record<string, string> {
  return Object.fromEntries(report.checks.filter((c) => c.status !== 'ok').map((c) => [c.name, c.status]));
}
