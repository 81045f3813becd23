/**
 * What the codec server hands to people. The workflow input carries secrets as values (`{ value: "…" }`, the
 * SecretRef shape) inside encrypted payloads, which is how the worker gets them without the operator's
 * environment. Workers decode with the codec directly; the codec server only serves the Temporal UI and the
 * CLI's `--codec-endpoint`, where nobody needs to read a secret. So decoded JSON payloads have every
 * `{ value }` secret, and every `secret` field (an OAuth client's), replaced before they leave the server.
 */
import type { Payload } from '@temporalio/common';

export const REDACTED_SECRET = '[redacted by the codec server]';

const JSON_ENCODING = 'json/plain';

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && entries[0]![0] === 'value' && typeof entries[0]![1] === 'string') {
    return { value: REDACTED_SECRET };
  }
  return Object.fromEntries(
    entries.map(([key, v]) => [
      key,
      key === 'secret' && typeof v === 'string' ? REDACTED_SECRET : redactJson(v),
    ]),
  );
}

export function redactPayloadForDisplay(payload: Payload): Payload {
  const encoding = payload.metadata?.['encoding'];
  if (!encoding || Buffer.from(encoding).toString() !== JSON_ENCODING || !payload.data) return payload;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload.data).toString('utf8'));
  } catch {
    return payload;
  }
  return { ...payload, data: new Uint8Array(Buffer.from(JSON.stringify(redactJson(parsed)), 'utf8')) };
}
