/** What every provisioning command does first: read the spec, check its secrets, reach Temporal with the codec. */
import type { Client } from '@temporalio/client';
import { createDataConverter } from '../codec/data-converter.js';
import { SpecError } from '../spec/errors.js';
import { loadSpecFile, type SpecTrust } from '../spec/load.js';
import type { ProvisioningSpec } from '../spec/schema.js';
import { resolveSpecSecrets, type ResolvedSpecSecrets } from '../spec/secrets.js';
import { resolveTaskQueue } from '../temporal/task-queue.js';
import { temporalUiBase, workflowRunUrl } from '../temporal/ui-link.js';
import { connectClient, loadTemporalConfig } from '../temporal/connection.js';
import { UsageError } from './usage-error.js';

/** The spec and its secrets, checked before anything else happens; problems become exit-2 usage errors. */
export async function loadCheckedSpec(
  path: string,
  trust: SpecTrust = {},
): Promise<{ spec: ProvisioningSpec; secrets: ResolvedSpecSecrets }> {
  try {
    const spec = await loadSpecFile(path, trust);
    return { spec, secrets: await resolveSpecSecrets(spec) };
  } catch (error) {
    if (error instanceof SpecError) throw new UsageError(error.message);
    throw error;
  }
}

/** The commands' `--task-queue` flag over HYBRID_TASK_QUEUE over the default, decided in resolveTaskQueue. */
export function taskQueueOf(flag: string | undefined): string {
  return resolveTaskQueue(flag);
}

export interface TemporalSession {
  client: Client;
  namespace: string;
  runUrl(workflowId: string, runId: string): string | undefined;
  close(): Promise<void>;
}

export async function openTemporalSession(): Promise<TemporalSession> {
  const config = loadTemporalConfig();
  const client = await connectClient({ dataConverter: await createDataConverter() });
  const uiBase = temporalUiBase(config.address);
  return {
    client,
    namespace: config.namespace,
    runUrl: (workflowId, runId) => uiBase && workflowRunUrl(uiBase, config.namespace, workflowId, runId),
    close: () => client.connection.close(),
  };
}

export async function withTemporal<T>(fn: (session: TemporalSession) => Promise<T>): Promise<T> {
  const session = await openTemporalSession();
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
