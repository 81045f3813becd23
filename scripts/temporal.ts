// `npm run temporal -- <args>`: the Temporal CLI (resolved or built by resolveTemporalCli) with the given args.
import { spawn } from 'node:child_process';
import { resolveTemporalCli, TemporalCliError } from '../temporal-cli/resolve.js';

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function main(): Promise<void> {
  let cli: string;
  try {
    cli = await resolveTemporalCli();
  } catch (error) {
    console.error(error instanceof TemporalCliError ? error.message : error);
    process.exit(1);
  }

  const child = spawn(cli, process.argv.slice(2), { stdio: 'inherit' });
  // Ctrl-C reaches the whole process group; forwarding matters when only this wrapper is signalled (kill PID).
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);

  child.on('error', (error) => {
    console.error(`Could not start ${cli}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    // Die of the same signal so callers (shells, CI) see the same outcome as running the CLI directly.
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

await main();
