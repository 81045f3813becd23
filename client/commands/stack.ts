// `hybrid stack up|down|status`: the local Temporal dev server, Genesys Cloud emulator, codec server and worker,
// running in the background until `hybrid stack down`.
import type { Command } from 'commander';
import { stackConfigFrom, StackConfigError, type StackConfig, type StackFlags } from '../../stack/config.js';
import { resolveDataDir } from '../../stack/paths.js';
import { stackDown, stackStatus, stackUp } from '../../stack/stack.js';
import { formatFailureLogs, formatNextSteps, formatUpOutcomes, shortPath } from '../../stack/up-report.js';
import { UsageError } from '../usage-error.js';

const DATA_DIR_HELP = 'state, logs and pids of the stack (default HYBRID_DATA_DIR or <project>/.data)';

export function register(program: Command): void {
  const stack = program
    .command('stack')
    .description(
      'Start, stop or inspect the local stack: Temporal dev server, emulator, codec server, worker',
    );

  stack
    .command('up')
    .description('Start every service not running yet, in the background, and wait until each answers')
    .option('--temporal-port <port>', 'Temporal gRPC port (default 7233)')
    .option('--ui-port <port>', 'Temporal Web UI port (default Temporal port + 1000)')
    .option('--emulator-port <port>', 'Genesys Cloud emulator port (default 9100)')
    .option('--codec-port <port>', 'codec server port (default 8888)')
    .option(
      '--metrics-port <port>',
      "first worker's Prometheus /metrics port (default 9464); worker i uses this + i - 1",
    )
    .option(
      '--workers <n>',
      'worker processes on the task queue, each with its own log, pid and metrics port (default 1)',
    )
    .option('--consistency-lag-ms <ms>', 'emulator reads lag writes by this many ms (default 0, off)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: StackFlags) => {
      const config = stackConfigOrUsageError(flags);
      console.error(`Starting the local stack (data in ${shortPath(config.dataDir)})...`);
      const result = await stackUp(config);
      console.log(formatUpOutcomes(result));
      const logs = formatFailureLogs(result);
      if (logs) console.error(`\n${logs}`);
      console.log(`\n${formatNextSteps(result)}`);
      if (!result.ok) {
        throw new Error(
          'the local stack is not fully up (see above). Fix the cause and run `hybrid stack up` again; ' +
            '`hybrid stack down` stops what did start.',
        );
      }
    });

  stack
    .command('down')
    .description('Stop every service of the local stack (SIGTERM, then SIGKILL after a grace period)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { dataDir?: string }) => {
      const outcomes = await stackDown(resolveDataDir(flags.dataDir));
      for (const o of outcomes) {
        console.log(
          `  ${o.name.padEnd(9)} ${o.state === 'not running' ? 'was not running' : `${o.state} (pid ${o.pid})`}`,
        );
      }
    });

  stack
    .command('status')
    .description(
      'Show each service of the local stack with pid, address and health; exit 1 unless all are up',
    )
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { dataDir?: string }) => {
      const statuses = await stackStatus(resolveDataDir(flags.dataDir));
      for (const s of statuses) {
        const pid = s.record ? `pid ${s.record.pid}` : '';
        console.log(
          `  ${s.name.padEnd(9)} ${s.state.padEnd(13)} ${pid.padEnd(11)} ${s.endpoints ?? ''}`.trimEnd(),
        );
      }
      const notUp = statuses.filter((s) => s.state !== 'up').length;
      if (notUp > 0) {
        throw new Error(
          `${notUp} of ${statuses.length} services are not up; \`hybrid stack up\` starts them`,
        );
      }
    });
}

function stackConfigOrUsageError(flags: StackFlags): StackConfig {
  try {
    return stackConfigFrom(flags);
  } catch (error) {
    if (error instanceof StackConfigError) throw new UsageError(error.message);
    throw error;
  }
}
