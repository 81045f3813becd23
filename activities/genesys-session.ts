/**
 * One Genesys Cloud client per (environment, client id) per worker process, so that activities share the
 * keep-alive connection pool and the cached access token instead of logging in for every call.
 */
import { countGenesysResponse } from '../observability/genesys-metrics.js';
import { createGenesysClient, type GenesysClient } from '../purecloud/index.js';
import { resolveSecret } from '../secrets/secret-ref.js';
import type { GenesysTarget } from '../provisioning/types.js';
import { budgetShareFrom, TokenBucket, type BudgetShare } from './request-budget.js';

const clients = new Map<string, { secret: string; client: GenesysClient }>();
/**
 * One request budget per org client (the org's token), kept across a rotated secret's new session: the limit
 * counts requests, not sessions. Read from the environment on first use.
 */
const budgets = new Map<string, TokenBucket>();
let share: BudgetShare | undefined | null = null;

function budgetFor(key: string): (() => Promise<void>) | undefined {
  if (share === null) share = budgetShareFrom();
  if (share === undefined) return undefined;
  let bucket = budgets.get(key);
  if (!bucket) budgets.set(key, (bucket = new TokenBucket(share)));
  return () => bucket.take();
}

export async function genesysClientFor(target: GenesysTarget): Promise<GenesysClient> {
  const clientId = await resolveSecret(target.clientId, 'credentials.clientId');
  const clientSecret = await resolveSecret(target.clientSecret, 'credentials.clientSecret');
  const key = `${target.environment}\u0000${clientId}`;
  const cached = clients.get(key);
  // A rotated secret must not keep using the old session.
  if (cached && cached.secret === clientSecret) return cached.client;
  if (cached) await cached.client.close();
  const client = createGenesysClient({
    environment: target.environment,
    clientId,
    clientSecret,
    onResponse: countGenesysResponse,
    beforeRequest: budgetFor(key),
  });
  clients.set(key, { secret: clientSecret, client });
  return client;
}

/** Closes every pooled connection (worker shutdown, tests). */
export async function closeGenesysClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map(({ client }) => client.close()));
}
