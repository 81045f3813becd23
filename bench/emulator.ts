/**
 * Mixed-workload benchmark of the emulator over loopback: several concurrent clients, each with its own org and
 * client-credentials token, issue reads and writes until a request count or a time budget is reached.
 *
 *   npm run bench:emulator [-- --clients 20 --requests 5000 --seconds 30 --mode both|process|in-process
 *                              --profile DIR]
 *
 * Two set-ups, each printed with requests per second, p50/p99 latency and CPU time per request:
 * - `process`: the emulator in its own process (emulator/main.ts, as the integration tests' global setup and the
 *   local stack run it); CPU µs/request is the emulator process's own CPU time over the run (GET /__emulator/cpu,
 *   `process.cpuUsage()`) divided by the requests. On a shared machine this figure is robust to load, while
 *   req/s and latency are not: compare CPU µs/request between runs, and read req/s next to the load average.
 * - `in-process`: the emulator in this process (startEmulator, as the emulator tests run it); its CPU figure
 *   is this process's, so it includes the benchmark client (undici) as well.
 * `--profile DIR` starts the separate emulator with `--cpu-prof --cpu-prof-dir DIR` (a .cpuprofile per run).
 */
import { cpus, loadavg } from 'node:os';
import { Agent, request } from 'undici';
import { clientCredentialsToken } from '../emulator/control-client.js';
import { startEmulator } from '../emulator/server.js';
import { spawnEmulator } from './provisioning/emulator-process.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

function textFlag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const CLIENTS = flag('clients', 20);
const MAX_REQUESTS = flag('requests', 5000);
const MAX_SECONDS = flag('seconds', 30);
const MODE = textFlag('mode') ?? 'both';
const PROFILE_DIR = textFlag('profile');
if (!['both', 'process', 'in-process'].includes(MODE))
  throw new Error('--mode must be both, process or in-process');

/** The emulator under test, wherever it runs. */
interface Target {
  url: string;
  createOrg(thirdPartyOrgName: string): Promise<{ adminClientId: string; adminClientSecret: string }>;
  /** CPU time used so far by whatever the CPU figure covers, in microseconds. */
  cpuUsage(): Promise<{ userMicros: number; systemMicros: number }>;
  stop(): Promise<void>;
}

async function separateProcess(): Promise<Target> {
  const em = await spawnEmulator({
    rateLimitPerMinute: 0,
    nodeArgs: PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-interval', '100'] : [],
  });
  return {
    url: em.url,
    createOrg: (name) => em.createOrg(name),
    cpuUsage: () => em.cpuUsage(),
    stop: em.stop,
  };
}

async function inProcess(): Promise<Target> {
  const em = await startEmulator({ port: 0, rateLimitPerMinute: 0 });
  return {
    url: em.url,
    createOrg: (name) => Promise.resolve(em.control.createOrg({ thirdPartyOrgName: name })),
    cpuUsage: () => {
      const { user, system } = process.cpuUsage();
      return Promise.resolve({ userMicros: user, systemMicros: system });
    },
    stop: () => em.close(),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(label: string, cpuCovers: string, target: Target): Promise<void> {
  const dispatcher = new Agent({ connections: CLIENTS, pipelining: 1, keepAliveTimeout: 30_000 });

  async function call(method: string, path: string, bearer: string, body?: unknown): Promise<number> {
    const res = await request(`${target.url}${path}`, {
      method: method as 'GET',
      dispatcher,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.body.dump();
    return res.statusCode;
  }

  // Each benchmark client gets its own org, admin-role client and token, as separate workers would.
  const tokens: string[] = [];
  const prefix = `bench-${process.pid}-${label.replace(/\W+/g, '')}`;
  for (let i = 0; i < CLIENTS; i++) {
    const org = await target.createOrg(`${prefix}-${i}`);
    tokens.push(
      await clientCredentialsToken(target.url, org.adminClientId, org.adminClientSecret, dispatcher),
    );
  }

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let issued = 0;
  const deadline = performance.now() + MAX_SECONDS * 1000;
  const load = loadavg();
  const cpuBefore = await target.cpuUsage();
  const started = performance.now();

  async function worker(w: number): Promise<void> {
    const bearer = tokens[w] as string;
    let n = 0;
    while (issued < MAX_REQUESTS && performance.now() < deadline) {
      issued += 1;
      n += 1;
      const kind = n % 10;
      const t0 = performance.now();
      let status: number;
      if (kind < 4) status = await call('GET', '/api/v2/oauth/clients', bearer);
      else if (kind < 6) status = await call('GET', '/api/v2/authorization/roles?pageSize=25', bearer);
      else if (kind === 6) status = await call('GET', '/api/v2/organizations/me', bearer);
      else if (kind === 7) {
        status = await call('POST', '/api/v2/users', bearer, {
          name: `u${w}-${n}`,
          email: `u${w}-${n}@bench.example`,
        });
      } else if (kind === 8) {
        status = await call('POST', '/api/v2/users/search', bearer, {
          query: [{ type: 'EXACT', fields: ['email'], value: `u${w}-${n - 1}@bench.example` }],
        });
      } else {
        status = await call('POST', '/api/v2/oauth/clients', bearer, {
          name: `c${w}-${n}`,
          authorizedGrantType: 'CLIENT-CREDENTIALS',
        });
      }
      latencies.push(performance.now() - t0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }

  await Promise.all(Array.from({ length: CLIENTS }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  // The CPU query itself is one more request to the emulator; negligible next to thousands.
  const cpuAfter = await target.cpuUsage();
  const userPerRequest = (cpuAfter.userMicros - cpuBefore.userMicros) / latencies.length;
  const systemPerRequest = (cpuAfter.systemMicros - cpuBefore.systemMicros) / latencies.length;
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  const lines = [
    `emulator mixed workload, ${label}: ${latencies.length} requests, ${CLIENTS} concurrent clients, loopback`,
    `  throughput: ${(latencies.length / elapsed).toFixed(0)} req/s over ${elapsed.toFixed(2)} s`,
    `  latency: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${(latencies.at(-1) ?? 0).toFixed(2)} ms`,
    `  CPU: ${(userPerRequest + systemPerRequest).toFixed(0)} µs/request (user ${userPerRequest.toFixed(0)}, system ${systemPerRequest.toFixed(0)}; ${cpuCovers})`,
    `  statuses: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`,
    `  load average at start: ${load.map((l) => l.toFixed(2)).join(', ')} (${cpus().length} cores)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  process.stdout.write(
    'mix: 40% list clients, 20% list roles, 10% org, 10% create user, 10% search user, 10% create client\n',
  );
  const setups = [
    {
      mode: 'process',
      label: 'emulator in its own process',
      cpuCovers: 'the emulator process only',
      start: separateProcess,
    },
    {
      mode: 'in-process',
      label: 'emulator in this process',
      cpuCovers: 'emulator and bench client together',
      start: inProcess,
    },
  ];
  for (const { mode, label, cpuCovers, start } of setups) {
    if (MODE !== 'both' && MODE !== mode) continue;
    const target = await start();
    try {
      await run(label, cpuCovers, target);
    } finally {
      await target.stop();
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
