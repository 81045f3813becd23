import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import {
  ApplicationFailure,
  METADATA_ENCODING_KEY,
  type DataConverter,
  type Payload,
} from '@temporalio/common';
import proto, { type temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataConverter } from '../../codec/data-converter.js';
import { ENCODING_ENCRYPTED, EncryptionCodec } from '../../codec/encryption-codec.js';
import { parseKeyring } from '../../codec/keys.js';
import * as activities from './codec-workflows/activities.js';
import type { carrySecretThroughHistory } from './codec-workflows/workflows.js';

type History = temporal.api.history.v1.IHistory;
type Failure = temporal.api.failure.v1.IFailure;
const { EventType } = proto.temporal.api.enums.v1;

const WORKFLOWS_PATH = fileURLToPath(new URL('./codec-workflows/workflows.ts', import.meta.url));
const DEV_SERVER_BINARY = join(homedir(), '.cache/hybrid-provisioner/temporal-v1.5.1/temporal');

interface TemporalTarget {
  connection: Connection;
  nativeConnection: NativeConnection;
  namespace: string;
  close(): Promise<void>;
}

/**
 * The server from the integration project's global setup when it provides one; otherwise this file starts its own
 * dev server from the cached binary, so that it also runs on its own.
 */
async function connectToTemporal(): Promise<TemporalTarget> {
  // Read through a plain signature: the keys are declared by the global setup, which this file does not own.
  const provided = inject as unknown as (key: string) => string | undefined;
  const address = provided('temporalAddress');
  if (address) {
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    return {
      connection,
      nativeConnection,
      namespace: provided('temporalNamespace') ?? 'default',
      close: async () => {
        await nativeConnection.close();
        await connection.close();
      },
    };
  }
  if (!existsSync(DEV_SERVER_BINARY)) {
    throw new Error(`No temporalAddress from global setup and no dev server binary at ${DEV_SERVER_BINARY}.`);
  }
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: DEV_SERVER_BINARY }, ip: '127.0.0.1' },
  });
  return {
    connection: env.connection,
    nativeConnection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    close: () => env.teardown(),
  };
}

function historyBytes(history: History): Buffer {
  return Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
}

function failuresOf(history: History): Failure[] {
  const failures: Failure[] = [];
  for (const event of history.events ?? []) {
    for (const attributes of Object.values(event)) {
      const failure = (attributes as { failure?: Failure } | null)?.failure;
      for (let f: Failure | null | undefined = failure; f; f = f.cause as Failure | null | undefined)
        failures.push(f);
    }
  }
  return failures;
}

function eventsOfType(history: History, type: temporal.api.enums.v1.EventType) {
  return (history.events ?? []).filter((event) => event.eventType === type);
}

function encodingOf(payload: Payload | undefined): string {
  return Buffer.from(payload?.metadata?.[METADATA_ENCODING_KEY] ?? []).toString('utf8');
}

describe('payload encryption end to end', () => {
  const secret = `codec-secret-${randomUUID()}`;
  const keyring = parseKeyring(`itest:${randomBytes(32).toString('base64')}`, 'test keyring');
  const codec = new EncryptionCodec(keyring);
  const workflowId = `codec-history-${randomUUID()}`;
  const taskQueue = `codec-history-${randomUUID()}`;
  let target: TemporalTarget;
  let dataConverter: DataConverter;
  let client: Client;
  let result: string;
  let firstRunHistory: History;
  let lastRunHistory: History;
  let failureWithoutRetry: unknown;

  beforeAll(async () => {
    target = await connectToTemporal();
    dataConverter = await createDataConverter({ keyring });
    client = new Client({ connection: target.connection, namespace: target.namespace, dataConverter });
    const worker = await Worker.create({
      connection: target.nativeConnection,
      namespace: target.namespace,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities,
      dataConverter,
    });

    await worker.runUntil(async () => {
      const handle = await client.workflow.start<typeof carrySecretThroughHistory>(
        'carrySecretThroughHistory',
        {
          workflowId,
          taskQueue,
          args: [secret],
          retry: { maximumAttempts: 2, initialInterval: '100 milliseconds' },
        },
      );
      result = await handle.result();
      firstRunHistory = await client.workflow
        .getHandle(workflowId, handle.firstExecutionRunId)
        .fetchHistory();
      lastRunHistory = await client.workflow.getHandle(workflowId).fetchHistory();

      // Without a retry policy the first attempt's failure reaches the client.
      failureWithoutRetry = await client.workflow
        .execute<typeof carrySecretThroughHistory>('carrySecretThroughHistory', {
          workflowId: `${workflowId}-no-retry`,
          taskQueue,
          args: [secret],
        })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
    });
  });

  afterAll(async () => {
    await target?.close();
  });

  it('gives the client the decrypted result', () => {
    expect(result).toBe(secret);
  });

  it('stores the secret nowhere in either run of the history, in payloads or in failures', () => {
    expect(lastRunHistory.events?.length).toBeGreaterThan(firstRunHistory.events?.length ?? 0);
    for (const history of [firstRunHistory, lastRunHistory]) {
      const bytes = historyBytes(history);
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(secret).toString('base64').slice(0, 24))).toBe(false);
      expect(JSON.stringify(history)).not.toContain(secret);
    }
  });

  it('records encrypted payloads, and the secret is really inside them', async () => {
    const [started] = eventsOfType(firstRunHistory, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    const input = started?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0] ?? undefined;
    const [completed] = eventsOfType(lastRunHistory, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    const output = completed?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0] ?? undefined;

    expect(encodingOf(input)).toBe(ENCODING_ENCRYPTED);
    expect(encodingOf(output)).toBe(ENCODING_ENCRYPTED);
    const [decodedInput] = await codec.decode([input as Payload]);
    expect(Buffer.from(decodedInput?.data ?? []).toString('utf8')).toContain(secret);
  });

  it('replaces workflow and activity failure messages and stack traces by encrypted attributes', () => {
    const workflowFailed = eventsOfType(firstRunHistory, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    const activityFailed = eventsOfType(lastRunHistory, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
    expect(workflowFailed).toHaveLength(1);
    expect(activityFailed).toHaveLength(1);

    const failures = [...failuresOf(firstRunHistory), ...failuresOf(lastRunHistory)];
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const failure of failures) {
      expect(failure.message).toBe('Encoded failure');
      expect(failure.stackTrace ?? '').toBe('');
      expect(encodingOf(failure.encodedAttributes ?? undefined)).toBe(ENCODING_ENCRYPTED);
    }
  });

  it('lets the client decrypt a workflow failure message and its details', () => {
    expect(failureWithoutRetry).toBeInstanceOf(WorkflowFailedError);
    const cause = (failureWithoutRetry as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause?.message).toBe(`first attempt fails on purpose with ${secret}`);
    expect((cause as ApplicationFailure).details).toEqual([{ secret }]);
  });
});
