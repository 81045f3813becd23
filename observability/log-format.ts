/**
 * `HYBRID_LOG_FORMAT=json`: one JSON object per line on stderr (for log shippers) instead of the SDK's text
 * lines, for the worker's runtime logger and the CLI's diagnostics. Formatting only: redaction happens
 * before a line gets here (worker/redacting-logger.ts for the worker, secrets/redaction.ts for the CLI).
 */

export const LOG_FORMAT_ENV = 'HYBRID_LOG_FORMAT';
export type LogFormat = 'text' | 'json';

/** The format asked for; a value other than `text` or `json` is an error that names the variable. */
export function logFormatFrom(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const value = env[LOG_FORMAT_ENV];
  if (value === undefined || value === '' || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new Error(`${LOG_FORMAT_ENV} must be "json" or "text" (the default), got "${value}"`);
}

export interface JsonLogEntry {
  level: string;
  message: string;
  meta?: Record<string, unknown>;
  /** Nanoseconds since the epoch (the SDK's LogEntry), or a Date; now when absent. */
  time?: bigint | Date;
}

function isoTime(time: bigint | Date | undefined): string {
  if (time === undefined) return new Date().toISOString();
  return (typeof time === 'bigint' ? new Date(Number(time / 1_000_000n)) : time).toISOString();
}

/** One line: `{"time","level","component","message",...meta}`; the fixed keys win over meta's. */
export function jsonLogLine(component: string, entry: JsonLogEntry): string {
  const record = {
    ...entry.meta,
    time: isoTime(entry.time),
    level: entry.level,
    component,
    message: entry.message,
  };
  // bigint (SDK timestamps in metadata) has no JSON form; a string keeps its digits.
  return JSON.stringify(record, (_key, value: unknown) =>
    typeof value === 'bigint' ? String(value) : value,
  );
}
