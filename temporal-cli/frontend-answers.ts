/** The one readiness probe of a Temporal frontend: the dev server's start and `hybrid stack` health both use it. */
import { Connection } from '@temporalio/client';
import { DEFAULT_NAMESPACE } from '../temporal/constants.js';

/** True once the frontend accepts gRPC connections and knows the default namespace. */
export async function temporalFrontendAnswers(address: string, connectTimeoutMs: number): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: connectTimeoutMs });
    await connection.workflowService.describeNamespace({ namespace: DEFAULT_NAMESPACE });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
