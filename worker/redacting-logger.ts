/**
 * The worker's runtime logger. The SDK logs `Activity failed` / `Workflow failed` with the error (message,
 * stack, cause chain) in plaintext, and Core forwards its own lines through the same logger; the payload
 * codec does not reach any of that. This logger rewrites every message and metadata value through
 * `redactSecrets` before the wrapped logger (by default the SDK's DefaultLogger on stderr) sees it.
 */
import {
  DefaultLogger,
  type LogEntry,
  type LogLevel,
  type LogMetadata,
  type Logger,
} from '@temporalio/worker';
import { redactSecrets } from '../secrets/redaction.js';

/** Deep enough for an error's cause chain and the SDK's nested metadata; deeper values are summarised. */
const MAX_DEPTH = 6;

/** A plain copy of an Error with redacted text; Errors are rebuilt because their stack repeats the message. */
function redactError(error: Error, depth: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {
    name: error.name,
    message: redactSecrets(error.message),
  };
  if (error.stack) copy.stack = redactSecrets(error.stack);
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack') copy[key] = redactValue(value, depth + 1);
  }
  if (error.cause !== undefined) copy.cause = redactValue(error.cause, depth + 1);
  return copy;
}

/** `value` with every string inside it redacted; non-plain objects other than Errors become their string form. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} of ${value.byteLength} bytes]`;
  const copy: Record<string | symbol, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, depth + 1);
  // The SDK passes the entry's timestamp as a symbol-keyed property; keep it.
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    copy[symbol] = (value as Record<symbol, unknown>)[symbol];
  }
  return copy;
}

export class RedactingLogger implements Logger {
  constructor(private readonly inner: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.inner.log(
      level,
      redactSecrets(message),
      meta === undefined ? undefined : (redactValue(meta) as LogMetadata),
    );
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * The worker's logger: the SDK's DefaultLogger at `level` behind redaction. `write` replaces the default
 * stderr output (tests capture lines with it).
 */
export function createRedactingLogger(level: LogLevel = 'INFO', write?: (entry: LogEntry) => void): Logger {
  return new RedactingLogger(new DefaultLogger(level, write));
}
