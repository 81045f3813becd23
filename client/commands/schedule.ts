// `hybrid schedule create|list|describe|pause|unpause|trigger|delete`: one verification schedule per org.
import type { Command } from 'commander';
import { toVerifyInput } from '../../verification/spec-to-verify-input.js';
import { verifyScheduleId } from '../../workflows/verify-api.js';
import { loadCheckedSpec, taskQueueOf, withTemporal } from '../provisioning-session.js';
import {
  ALLOW_CUSTOM_ENVIRONMENT,
  ALLOW_OUTPUT_OUTSIDE_SPEC,
  specTrustOf,
  type SpecTrustFlags,
} from '../spec-trust-options.js';
import { addVerifyOptions, expiryOf, type VerifyFlags } from '../verification-runs.js';
import { formatReport } from '../verification-report.js';
import {
  CATCHUP_WINDOW,
  describeVerifySchedule,
  latestVerifyRun,
  listVerifySchedules,
  onVerifySchedule,
  scheduleSpecOf,
  upsertVerifySchedule,
} from '../verification-schedules.js';

interface CreateFlags extends VerifyFlags, SpecTrustFlags {
  spec: string;
  every?: string;
  cron?: string;
  taskQueue?: string;
}

const when = (dates: readonly Date[]) => (dates[0] ? dates[0].toISOString() : 'none');

function registerCreate(schedule: Command): void {
  addVerifyOptions(
    schedule
      .command('create')
      .description(
        `Create (or update) the schedule verify/<org>; overlap SKIP, catch-up window ${CATCHUP_WINDOW}`,
      )
      .requiredOption('--spec <file>', 'the provisioning spec (YAML)')
      .option(...ALLOW_CUSTOM_ENVIRONMENT)
      .option(...ALLOW_OUTPUT_OUTSIDE_SPEC)
      .option('--every <interval>', 'run every interval, e.g. 24h, 30m')
      .option('--cron <expression>', 'run on a cron expression, e.g. "0 6 * * *"')
      .option(
        '--task-queue <name>',
        'task queue of the workers (default HYBRID_TASK_QUEUE or hybrid-provisioner)',
      ),
  ).action(async (flags: CreateFlags) => {
    scheduleSpecOf(flags);
    const expiry = expiryOf(flags);
    const { spec, secrets } = await loadCheckedSpec(flags.spec, specTrustOf(flags));
    const input = toVerifyInput(spec, secrets, { expiry, remediate: flags.remediate });
    const outcome = await withTemporal(({ client }) =>
      upsertVerifySchedule(client, input, taskQueueOf(flags.taskQueue), flags, flags.spec),
    );
    console.log(`${outcome === 'created' ? 'Created' : 'Updated'} schedule ${verifyScheduleId(spec.org)}`);
  });
}

function registerOrgAction(
  schedule: Command,
  name: string,
  description: string,
  run: Parameters<typeof onVerifySchedule>[2],
  done: string,
): void {
  schedule
    .command(`${name} <org>`)
    .description(description)
    .action(async (org: string) => {
      await withTemporal(({ client }) => onVerifySchedule(client, org, run));
      console.log(`${done} ${verifyScheduleId(org)}`);
    });
}

export function register(program: Command): void {
  const schedule = program.command('schedule').description('Verify orgs on a schedule (Temporal Schedules)');
  registerCreate(schedule);

  schedule
    .command('list')
    .description('List the verification schedules')
    .option('--json', 'print them as JSON')
    .action(async (flags: { json?: boolean }) => {
      const summaries = await withTemporal(({ client }) => listVerifySchedules(client));
      if (flags.json) {
        console.log(
          JSON.stringify(
            summaries.map((s) => ({ scheduleId: s.scheduleId, ...s.state, ...s.info })),
            null,
            2,
          ),
        );
        return;
      }
      if (summaries.length === 0) console.log('No verification schedules.');
      for (const s of summaries) {
        console.log(
          `${s.scheduleId}  ${s.state.paused ? 'paused' : 'active'}  next ${when(s.info.nextActionTimes)}`,
        );
      }
    });

  schedule
    .command('describe <org>')
    .description("Show the org's schedule and the report of its latest run")
    .option('--json', 'print it as JSON')
    .action(async (org: string, flags: { json?: boolean }) => {
      await withTemporal(async ({ client }) => {
        const description = await describeVerifySchedule(client, org);
        const latest = await latestVerifyRun(client, description);
        if (flags.json) {
          const { raw: _raw, ...plain } = description;
          console.log(JSON.stringify({ ...plain, latest }, null, 2));
          return;
        }
        console.log(`${description.scheduleId}: ${description.state.paused ? 'paused' : 'active'}`);
        if (description.state.note) console.log(`  note: ${description.state.note}`);
        console.log(`  next run: ${when(description.info.nextActionTimes)}`);
        console.log(
          `  runs so far: ${description.info.numActionsTaken} (skipped for overlap: ${description.info.numActionsSkippedOverlap})`,
        );
        if (!latest) return;
        console.log(`  latest run: ${latest.workflowId} (${latest.status})`);
        if (latest.result) console.log(formatReport(latest.result));
      });
    });

  registerOrgAction(
    schedule,
    'pause',
    'Pause the schedule',
    (h) => h.pause('paused by hybrid schedule pause'),
    'Paused',
  );
  registerOrgAction(
    schedule,
    'unpause',
    'Resume the schedule',
    (h) => h.unpause('resumed by hybrid schedule unpause'),
    'Resumed',
  );
  registerOrgAction(
    schedule,
    'trigger',
    'Run a verification now, outside the timetable',
    (h) => h.trigger(),
    'Triggered',
  );
  registerOrgAction(
    schedule,
    'delete',
    'Delete the schedule (runs already started finish)',
    (h) => h.delete(),
    'Deleted',
  );
}
