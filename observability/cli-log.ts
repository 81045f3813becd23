/**
 * The CLI's diagnostics on stderr (failures, usage errors), redacted like the worker's log, as text
 * (`hybrid: …`) or, with HYBRID_LOG_FORMAT=json, as JSON lines. Command output on stdout is not a log and
 * keeps its own formats (`--json`).
 */
import { redactSecrets } from '../secrets/redaction.js';
import { escapeForTerminal } from '../text/control-characters.js';
import { jsonLogLine, logFormatFrom } from './log-format.js';

export function logCliError(message: string, env: NodeJS.ProcessEnv = process.env): void {
  // A failure may quote the API (a name, an error body): nothing in it may drive the terminal.
  const redacted = escapeForTerminal(redactSecrets(message));
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
