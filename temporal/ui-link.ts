import { DEFAULT_TEMPORAL_ADDRESS } from './constants.js';

/**
 * Base URL of the Temporal Web UI for a frontend address: `HYBRID_TEMPORAL_UI` wins; a local dev server serves
 * its UI on the gRPC port + 1000 (start-dev's default); Temporal Cloud has one UI. Otherwise undefined, because a
 * self-hosted cluster's UI address cannot be guessed.
 */
export function temporalUiBase(
  address: string = DEFAULT_TEMPORAL_ADDRESS,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const configured = env.HYBRID_TEMPORAL_UI?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  if (/\.tmprl\.cloud(:\d+)?$/.test(address)) return 'https://cloud.temporal.io';
  const match = /^(localhost|127\.0\.0\.1|\[::1\]):(\d+)$/.exec(address);
  if (!match) return undefined;
  return `http://${match[1]}:${Number(match[2]) + 1000}`;
}

/** Link to one run's event history in the Web UI (ids may contain `/`, so they are encoded). */
export function workflowRunUrl(uiBase: string, namespace: string, workflowId: string, runId: string): string {
  const parts = [namespace, workflowId, runId].map(encodeURIComponent);
  return `${uiBase}/namespaces/${parts[0]}/workflows/${parts[1]}/${parts[2]}/history`;
}
