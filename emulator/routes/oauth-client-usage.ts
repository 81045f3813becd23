/**
 * OAuth client API usage: how many requests a client's tokens made (and its token requests), so a rotation can
 * tell when an old client has gone quiet.
 *
 * Source: purecloud-platform-client-v2 OAuthApi.js / index.d.ts (v262):
 * - `postOauthClientUsageQuery(clientId, body: ApiUsageClientQuery)` → `UsageExecutionResult`
 *   (POST /api/v2/oauth/clients/{clientId}/usage/query); ApiUsageClientQuery = { interval (required, ISO-8601
 *   "start/end"), granularity?, metrics?, groupBy? };
 * - `getOauthClientUsageQueryResult(executionId, clientId)` → `ApiUsageQueryResult`
 *   (GET .../usage/query/results/{executionId}) = { results?: ApiUsageRow[], queryStatus?, cursors? };
 *   ApiUsageRow = { clientId, clientName, organizationId, userId, templateUri, httpMethod, status200, status300,
 *   status400, status500, status429, requests, date };
 * - `getOauthClientUsageSummary(clientId, { days })` (days default 7) → `UsageExecutionResult`
 *   (GET .../usage/summary); "you will then need to poll for the query results based on the returned execution Id".
 * Permission: ANY of oauth:client:view, usage:client:view (platform-client-sdk-dotnet docs, OAuthApi.md).
 * Unconfirmed (emulator/README.md): the success status codes (200 here), the queryStatus values ("Complete" here;
 * the emulator answers at once), how rows are grouped (here by path and method, the path standing for
 * templateUri), and that token requests count as use.
 */
import { requireAny } from '../auth.js';
import { invalidField, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { AuthedRequest, Route } from '../http/router.js';
import type { RequestLogEntry } from '../request-log.js';
import type { ClientRecord, OrgState } from '../store/types.js';
import { expectObject, optionalInteger, requiredString, type JsonObject } from './validate.js';

const BASE = '/api/v2/oauth/clients/{clientId}/usage';
const DAY_MS = 86_400_000;

/** Executions by store, so two emulators in one process do not share them. */
const executions = new WeakMap<object, Map<string, { clientId: string; result: JsonObject }>>();

function executionsOf(req: AuthedRequest) {
  let map = executions.get(req.app.store);
  if (!map) executions.set(req.app.store, (map = new Map()));
  return map;
}

function findClient(req: AuthedRequest): ClientRecord {
  const id = req.params.clientId as string;
  const client = req.principal.org.clients.find((c) => c.id === id);
  if (!client) throw notFound('OAuth client', id);
  return client;
}

function parseInterval(text: string): { from: number; to: number } {
  const [start, end, extra] = text.split('/');
  const from = Date.parse(start ?? '');
  const to = Date.parse(end ?? '');
  if (extra !== undefined || Number.isNaN(from) || Number.isNaN(to) || to < from) {
    throw invalidField(
      'interval',
      `interval must be an ISO-8601 interval such as 2026-01-01T00:00:00Z/2026-01-08T00:00:00Z (got "${text}")`,
    );
  }
  return { from, to };
}

const statusBucket = (status: number) =>
  status === 429
    ? 'status429'
    : status >= 500
      ? 'status500'
      : status >= 400
        ? 'status400'
        : status >= 300
          ? 'status300'
          : 'status200';

/** One ApiUsageRow per path and method the client's requests used within [from, to]. */
function usageRows(
  org: OrgState,
  client: ClientRecord,
  log: readonly RequestLogEntry[],
  from: number,
  to: number,
): JsonObject[] {
  const rows = new Map<string, JsonObject & Record<string, number | string>>();
  for (const entry of log) {
    const at = Date.parse(entry.time);
    if (entry.clientId !== client.id || at < from || at > to) continue;
    const key = `${entry.method} ${entry.path}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        clientId: client.id,
        clientName: client.name,
        organizationId: org.id,
        templateUri: entry.path.replace(/^\//, ''),
        httpMethod: entry.method,
        status200: 0,
        status300: 0,
        status400: 0,
        status500: 0,
        status429: 0,
        requests: 0,
        date: new Date(from).toISOString(),
      };
      rows.set(key, row);
    }
    (row[statusBucket(entry.status)] as number)++;
    (row.requests as number)++;
  }
  return [...rows.values()];
}

function startExecution(req: AuthedRequest, from: number, to: number) {
  const client = findClient(req);
  const executionId = newId();
  const result = {
    results: usageRows(req.principal.org, client, req.app.requests?.() ?? [], from, to),
    queryStatus: 'Complete',
  };
  executionsOf(req).set(executionId, { clientId: client.id, result });
  return {
    status: 200,
    body: {
      executionId,
      resultsUri: `/api/v2/oauth/clients/${client.id}/usage/query/results/${executionId}`,
    },
  };
}

export const oauthClientUsageRoutes: Route[] = [
  {
    method: 'POST',
    path: `${BASE}/query`,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:view', 'usage:client:view');
      const body = expectObject(req.body, 'an ApiUsageClientQuery');
      const { from, to } = parseInterval(requiredString(body, 'interval'));
      return startExecution(req, from, to);
    },
  },
  {
    method: 'GET',
    path: `${BASE}/query/results/{executionId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:view', 'usage:client:view');
      const client = findClient(req);
      const execution = executionsOf(req).get(req.params.executionId as string);
      if (!execution || execution.clientId !== client.id)
        throw notFound('usage query execution', req.params.executionId);
      return { status: 200, body: execution.result };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/summary`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'oauth:client:view', 'usage:client:view');
      const raw = req.query.get('days');
      const days =
        raw === null ? 7 : (optionalInteger({ days: Number(raw) } as JsonObject, 'days', 1, 366) ?? 7);
      const to = req.app.now();
      return startExecution(req, to - days * DAY_MS, to);
    },
  },
];
