import { describe, expect, it } from 'vitest';
import { temporalUiBase, workflowRunUrl } from '../../temporal/ui-link.js';

describe('temporalUiBase', () => {
  it('derives the dev server UI from the gRPC port + 1000', () => {
    expect(temporalUiBase('localhost:7233', {})).toBe('http://localhost:8233');
    expect(temporalUiBase('127.0.0.1:17233', {})).toBe('http://127.0.0.1:18233');
  });

  it('prefers HYBRID_TEMPORAL_UI, without a trailing slash', () => {
    expect(temporalUiBase('localhost:7233', { HYBRID_TEMPORAL_UI: 'https://temporal.example.com/' })).toBe(
      'https://temporal.example.com',
    );
  });

  it('points Temporal Cloud namespaces at the cloud UI', () => {
    expect(temporalUiBase('my-ns.a1b2c.tmprl.cloud:7233', {})).toBe('https://cloud.temporal.io');
  });

  it('gives no link for a self-hosted cluster it cannot guess', () => {
    expect(temporalUiBase('temporal.internal:7233', {})).toBeUndefined();
  });
});

describe('workflowRunUrl', () => {
  it('links to the run history with the workflow id encoded', () => {
    expect(workflowRunUrl('http://localhost:8233', 'default', 'certificate/out-abc123', 'run-1')).toBe(
      'http://localhost:8233/namespaces/default/workflows/certificate%2Fout-abc123/run-1/history',
    );
  });
});
