/**
 * Mixed-workload benchmark of the emulator over loopback: several concurrent clients, each with its own
 * client-credentials token, issue reads and writes until a request count or a time budget is reached.
 * Prints requests per second and p50/p99 latency. Usage: npm run bench:emulator [-- --clients 20 --requests 5000 --seconds 30]
 */
import { Agent, request } from 'undici';
import { startEmulator, type RunningEmulator } from '../emulator/server.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const CLIENTS = flag('clients', 20);
const MAX_REQUESTS = flag('requests', 5000);
const MAX_SECONDS = flag('seconds', 30);

const dispatcher = new Agent({ connections: CLIENTS, pipelining: 1, keepAliveTimeout: 30_000 });

async function call(
  em: RunningEmulator,
  method: string,
  path: string,
  bearer: string,
  body?: unknown,
): Promise<number> {
  const res = await request(`${em.url}${path}`, {
    method: method as 'GET',
    dispatcher,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.body.dump();
  return res.statusCode;
}

async function token(em: RunningEmulator, id: string, secret: string): Promise<string> {
  const res = await request(`${em.url}/oauth/token`, {
    method: 'POST',
    dispatcher,
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.body.json()) as { access_token: string }).access_token;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const em = await startEmulator({ port: 0, rateLimitPerMinute: 0 });
  const admin = await token(em, em.adminClientId, em.adminClientSecret);
  const rolesRes = await request(`${em.url}/api/v2/authorization/roles?name=AI%20Agent`, {
    dispatcher,
    headers: { authorization: `Bearer ${admin}` },
  });
  const aiAgentId = ((await rolesRes.body.json()) as { entities: { id: string }[] }).entities[0]
    ?.id as string;

  // Each benchmark client gets its own admin-role client and token, as separate workers would.
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const org = em.control.createOrg({ thirdPartyOrgName: `bench-${i}` });
    tokens.push(await token(em, org.adminClientId, org.adminClientSecret));
  }
  void aiAgentId;

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let issued = 0;
  const deadline = performance.now() + MAX_SECONDS * 1000;
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
      if (kind < 4) status = await call(em, 'GET', '/api/v2/oauth/clients', bearer);
      else if (kind < 6) status = await call(em, 'GET', '/api/v2/authorization/roles?pageSize=25', bearer);
      else if (kind === 6) status = await call(em, 'GET', '/api/v2/organizations/me', bearer);
      else if (kind === 7) {
        status = await call(em, 'POST', '/api/v2/users', bearer, {
          name: `u${w}-${n}`,
          email: `u${w}-${n}@bench.example`,
        });
      } else if (kind === 8) {
        status = await call(em, 'POST', '/api/v2/users/search', bearer, {
          query: [{ type: 'EXACT', fields: ['email'], value: `u${w}-${n - 1}@bench.example` }],
        });
      } else {
        status = await call(em, 'POST', '/api/v2/oauth/clients', bearer, {
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
  latencies.sort((a, b) => a - b);
  const lines = [
    `emulator mixed workload: ${latencies.length} requests, ${CLIENTS} concurrent clients, loopback`,
    `  throughput: ${(latencies.length / elapsed).toFixed(0)} req/s over ${elapsed.toFixed(2)} s`,
    `  latency: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${(latencies.at(-1) ?? 0).toFixed(2)} ms`,
    `  statuses: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`,
    '  mix: 40% list clients, 20% list roles, 10% org, 10% create user, 10% search user, 10% create client',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await dispatcher.close();
  await em.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
