/**
 * A real worker (in this process, real activities, real payload codec) on a private task queue of the
 * global-setup dev server, and a client with the same codec. Tests can make one activity fail on purpose,
 * before or after it did its work, to prove that compensation undoes whatever a run changed.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { request } from 'undici';
import { newCodecKeyEntry, startTestWorker } from '../support/test-worker.js';
import { CONSISTENCY_BOUND_ENV } from '../../../activities/failures.js';
import * as provisioningActivities from '../../../activities/provisioning.js';
import { parseSpec } from '../../../spec/load.js';
import { sampleSpecEnv, sampleSpecYaml } from '../../../spec/sample-spec.js';
import { resolveSpecSecrets } from '../../../spec/secrets.js';
import { toProvisionInput } from '../../../provisioning/spec-to-input.js';
import type { ProvisionInput } from '../../../provisioning/types.js';
import { provisionWorkflowId } from '../../../workflows/provision-api.js';
import type { CreatedOrg } from '../../../emulator/routes/control.js';

type ActivityName = keyof typeof provisioningActivities;
export interface InjectedFailure {
  activity: ActivityName;
  /** before: the step changes nothing and fails; after: it does its work, then fails. */
  when: 'before' | 'after';
}

export interface Harness {
  client: Client;
  taskQueue: string;
  /** Set by a test to make one activity fail (non-retryably) on every call; cleared with undefined. */
  failure: InjectedFailure | undefined;
  stop(): Promise<void>;
}

/** Worker logs at WARN: the tests read outcomes from Temporal and the emulator, not from log lines. */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process (another harness in the same test file).
  }
}

export async function startHarness(temporalAddress: string, namespace: string): Promise<Harness> {
  quietRuntime();
  // How long the in-process activities tolerate reads lagging their writes: more than the emulator's lag in
  // these tests (2 s), far less than the 30 s default, which a 503 storm on a create would wait out per retry.
  process.env[CONSISTENCY_BOUND_ENV] ??= '5000';
  const harness: Harness = {
    client: undefined as unknown as Client,
    taskQueue: '',
    failure: undefined,
    stop: async () => {},
  };
  const activities = Object.fromEntries(
    Object.entries(provisioningActivities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        const failure = harness.failure?.activity === name ? harness.failure : undefined;
        const boom = () => ApplicationFailure.nonRetryable(`injected failure in ${name}`, 'InjectedFailure');
        if (failure?.when === 'before') throw boom();
        const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        if (failure?.when === 'after') throw boom();
        return result;
      },
    ]),
  );
  const worker = await startTestWorker({
    address: temporalAddress,
    namespace,
    codecKey: newCodecKeyEntry('test-key'),
    activities,
    taskQueuePrefix: 'provision-test',
  });
  return Object.assign(harness, worker);
}

export interface TestSpecOptions {
  emulatorUrl: string;
  org: CreatedOrg;
  outputDir?: string;
  /** Extra YAML appended at top level (e.g. `onExisting: fail`). */
  extraYaml?: string;
}

/** A spec in the documented YAML form, parsed by the real loader, secrets given as values. */
export async function testInput(options: TestSpecOptions): Promise<ProvisionInput> {
  const outputDir = options.outputDir ?? (await mkdtemp(join(tmpdir(), 'hybrid-out-')));
  const slug = options.org.thirdPartyOrgName.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const yaml = sampleSpecYaml({
    org: slug,
    environment: options.emulatorUrl,
    output: outputDir,
    extraYaml: options.extraYaml,
  });
  const spec = parseSpec(yaml);
  const secrets = await resolveSpecSecrets(spec, { env: sampleSpecEnv(options.org) });
  return toProvisionInput(spec, secrets);
}

export function startRun(harness: Harness, input: ProvisionInput) {
  return harness.client.workflow.start('provisionWorkflow', {
    workflowId: provisionWorkflowId(input.org),
    taskQueue: harness.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/** Calls the emulator's API as the org's admin client, to set up pre-existing state behind the tool's back. */
export async function asOrgAdmin(
  emulatorUrl: string,
  org: CreatedOrg,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const basic = Buffer.from(`${org.adminClientId}:${org.adminClientSecret}`).toString('base64');
  const token = await request(`${emulatorUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const { access_token } = (await token.body.json()) as { access_token: string };
  const res = await request(`${emulatorUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // Some answers have no body (e.g. 204 No Content, as for a grant): an empty object then.
  const text = await res.body.text();
  const json = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${JSON.stringify(json)}`);
  return json;
}
