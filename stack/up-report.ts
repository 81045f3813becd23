/** How `stack up`'s outcome reads in a terminal: one line per service, failed services' log tails, what to do next. */
import path from 'node:path';
import { projectDataDir } from '../codec/local-secret-file.js';
import { DEFAULT_PORTS } from './config.js';
import { localTemporalAddress } from './local-temporal-env.js';
import { serviceDefinition, webUiUrl } from './services.js';
import type { StackUpResult, UpOutcome } from './stack.js';

export function formatUpOutcomes(result: StackUpResult): string {
  return result.outcomes.map(formatOutcome).join('\n');
}

/** Failed services' last log lines, for stderr. Empty when nothing failed. */
export function formatFailureLogs(result: StackUpResult): string {
  return result.outcomes
    .flatMap((o) =>
      o.state === 'failed' && o.logTail
        ? [`--- ${o.name}: last lines of ${shortPath(o.log)} ---\n${o.logTail}\n---`]
        : [],
    )
    .join('\n\n');
}

/** The Web UI, the variables a CLI in another shell needs for non-default ports or data dir, logs, how to stop. */
export function formatNextSteps(result: StackUpResult): string {
  const lines: string[] = [];
  const temporal = result.outcomes.find((o) => o.name === 'temporal');
  if (temporal && (temporal.state === 'started' || temporal.state === 'already running')) {
    const { port, uiPort } = temporal.record;
    const exports: string[] = [];
    if (port !== DEFAULT_PORTS.temporal)
      exports.push(`export TEMPORAL_ADDRESS=${localTemporalAddress(port)}`);
    if (uiPort !== undefined && uiPort !== port + 1000)
      exports.push(`export HYBRID_TEMPORAL_UI=${webUiUrl(uiPort)}`);
    if (result.paths.dataDir !== path.resolve(projectDataDir())) {
      exports.push(`export HYBRID_DATA_DIR=${result.paths.dataDir}`);
    }
    if (uiPort !== undefined) lines.push(`Temporal Web UI  ${webUiUrl(uiPort)}`);
    if (exports.length > 0) lines.push(`For the CLI      ${exports.join('; ')}`);
  }
  lines.push(`Logs             ${shortPath(result.paths.logsDir)}/<service>.log`);
  lines.push(`Stop it with     npx hybrid stack down${dataDirFlag(result)}`);
  return lines.join('\n');
}

function dataDirFlag(result: StackUpResult): string {
  return result.paths.dataDir === path.resolve(projectDataDir()) ? '' : ` --data-dir ${result.paths.dataDir}`;
}

function formatOutcome(o: UpOutcome): string {
  const name = `  ${o.name.padEnd(9)}`;
  switch (o.state) {
    case 'started':
      return `${name} started in ${(o.readyMs / 1000).toFixed(1)} s, pid ${o.record.pid}  ${serviceDefinition(o.name).endpoints(o.record)}`;
    case 'already running':
      return `${name} already running, pid ${o.record.pid}  ${serviceDefinition(o.name).endpoints(o.record)}`;
    case 'failed':
      return `${name} FAILED: ${o.reason} (log ${shortPath(o.log)})`;
    case 'skipped':
      return `${name} not started: ${o.reason}`;
  }
}

/** Relative to the working directory when inside it, which is how a newcomer in the project folder reads paths. */
export function shortPath(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p;
}
