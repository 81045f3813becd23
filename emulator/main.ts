import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { faultConfigSchema, MAX_LATENCY_MS, type FaultConfig, type FaultRule } from './faults.js';
import { readSeedFile } from './seed.js';
import { envValue, startEmulator } from './server.js';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer between ${min} and ${max}`);
    return n;
  };
}

function share(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a number between 0 and 1');
  return n;
}

function status5xx(value: string): 500 | 503 | 504 {
  if (value === '500' || value === '503' || value === '504') return Number(value) as 500 | 503 | 504;
  throw new InvalidArgumentError('must be 500, 503 or 504');
}

interface CliOptions {
  port: number;
  host: string;
  adminClientId?: string;
  adminClientSecret?: string;
  adminClientRoles?: string;
  consistencyLagMs?: number;
  orgName?: string;
  thirdPartyOrgName?: string;
  stateFile?: string;
  seed?: string;
  rateLimit: number;
  faults?: string;
  faultSeed?: number;
  latency?: number;
  jitter?: number;
  errorRate?: number;
  errorStatus?: 500 | 503 | 504;
  loseRate?: number;
}

/** Flags build one rule each; a `--faults` file adds its rules after them. */
async function faultsFromFlags(o: CliOptions): Promise<FaultConfig | undefined> {
  const rules: FaultRule[] = [];
  if (o.latency !== undefined || o.jitter !== undefined) {
    rules.push({ name: 'cli latency', latency: { fixedMs: o.latency ?? 0, jitterMs: o.jitter ?? 0 } });
  }
  if (o.errorRate !== undefined)
    rules.push({ name: 'cli errors', error: { rate: o.errorRate, status: o.errorStatus ?? 503 } });
  if (o.loseRate !== undefined)
    rules.push({ name: 'cli lost responses', loseResponse: { rate: o.loseRate, mode: 'status' } });
  let seed = o.faultSeed;
  if (o.faults) {
    const parsed = faultConfigSchema.safeParse(JSON.parse(await readFile(o.faults, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `--faults ${o.faults}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    rules.push(...parsed.data.rules);
    seed ??= parsed.data.seed;
  }
  return rules.length === 0 ? undefined : { seed, rules };
}

const program = new Command()
  .name('emulator')
  .description('Local Genesys Cloud emulator (login host and Platform API on one origin)')
  .option('--port <n>', 'port to listen on (0 = free port)', integer('--port', 0, 65535), 9100)
  .option('--host <addr>', 'address to bind', '127.0.0.1')
  .option('--admin-client-id <id>', 'admin client id (else EMULATOR_ADMIN_CLIENT_ID, else generated)')
  .option(
    '--admin-client-secret <secret>',
    'admin client secret (else EMULATOR_ADMIN_CLIENT_SECRET, else generated)',
  )
  .option(
    '--admin-client-roles <names>',
    'comma-separated role names of the admin client (default Admin,employee; see emulator/README.md)',
  )
  .option(
    '--consistency-lag-ms <ms>',
    'reads lag writes: new/deleted objects reach listings and searches after this many ms (default 0)',
    integer('--consistency-lag-ms', 0, 600_000),
  )
  .option('--org-name <name>', 'display name of the default org')
  .option('--third-party-org-name <name>', 'short name (orgName) of the default org', undefined)
  .option('--state-file <file>', 'JSON state file: loaded at start, rewritten after changes')
  .option('--seed <file>', 'JSON seed file of orgs and resources to load at start')
  .option(
    '--rate-limit <n>',
    'requests per minute per access token (0 = off)',
    integer('--rate-limit', 0, 1_000_000),
    300,
  )
  .option('--faults <file>', 'JSON fault config {seed?, rules: [...]} (see emulator/README.md)')
  .option('--fault-seed <n>', 'seed of the faults PRNG', integer('--fault-seed', -2147483648, 4294967295))
  .option('--latency <ms>', 'added latency on every API request', integer('--latency', 0, MAX_LATENCY_MS))
  .option('--jitter <ms>', 'random extra latency up to this many ms', integer('--jitter', 0, MAX_LATENCY_MS))
  .option('--error-rate <r>', 'share of API requests answered with a 5xx (0..1)', share)
  .option('--error-status <code>', 'status of injected errors: 500, 503 or 504', status5xx)
  .option(
    '--lose-rate <r>',
    'share of API requests whose write happens but whose response is lost (0..1)',
    share,
  );

async function main(): Promise<void> {
  const o = program.parse().opts<CliOptions>();
  const generated =
    o.adminClientSecret === undefined && envValue('EMULATOR_ADMIN_CLIENT_SECRET') === undefined;
  const emulator = await startEmulator({
    port: o.port,
    host: o.host,
    adminClientId: o.adminClientId,
    adminClientSecret: o.adminClientSecret,
    adminClientRoles: o.adminClientRoles
      ?.split(',')
      .map((r) => r.trim())
      .filter((r) => r !== ''),
    consistencyLagMs: o.consistencyLagMs,
    orgName: o.orgName,
    thirdPartyOrgName: o.thirdPartyOrgName,
    stateFile: o.stateFile,
    seed: o.seed ? await readSeedFile(o.seed) : undefined,
    rateLimitPerMinute: o.rateLimit,
    faults: await faultsFromFlags(o),
    faultSeed: o.faultSeed,
  });
  const lines = [
    `Genesys Cloud emulator listening on ${emulator.url}`,
    `  SDK: client.setGateway({ host: '${o.host}', protocol: 'http', port: ${emulator.port} })`,
    `  default org: ${emulator.defaultOrg.thirdPartyOrgName} (${emulator.defaultOrg.id})`,
    `  admin client id: ${emulator.adminClientId}`,
  ];
  // A generated secret is printed once so the developer can use it; a given one is never echoed.
  if (generated) lines.push(`  admin client secret (generated, local only): ${emulator.adminClientSecret}`);
  lines.push(`  control API: ${emulator.url}/__emulator/ (see emulator/README.md)`);
  process.stdout.write(`${lines.join('\n')}\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`emulator: ${signal}, closing\n`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`emulator: close failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${(err as Error).message}\n`);
  process.exit(1);
});
