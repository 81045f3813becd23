/**
 * The CLI's diagnostics on stderr (failures, usage errors), redacted like the worker's log, as text
 * (`hybrid: …`) or, with HYBRID_LOG_FORMAT=json, as JSON lines. Command output on stdout is not a log and
 * keeps its own formats (`--json`).
 */
import { redactSecrets } from '../secrets/redaction.js';
import { jsonLogLine, logFormatFrom } from './log-format.js';

export function logCliError(message: string, env: NodeJS.ProcessEnv = process.env): void {
  const redacted = redactSecrets(message);
  let json = false;
  try {
    json = logFormatFrom(env) === 'json';
  } catch {
    // A bad HYBRID_LOG_FORMAT must not hide the error being reported; worker start-up reports that one.
  }
  process.stderr.write(
    json ? `${jsonLogLine('cli', { level: 'ERROR', message: redacted })}\n` : `hybrid: ${redacted}\n`,
  );
}
