/**
 * OAuth client API usage (SDK OAuthApi.js: postOauthClientUsageQuery, getOauthClientUsageQueryResult,
 * getOauthClientUsageSummary; models ApiUsageClientQuery, UsageExecutionResult, ApiUsageQueryResult, ApiUsageRow
 * in index.d.ts).
 */
import { segment, type PlatformApi } from './platform-api.js';

export interface ApiUsageClientQuery {
  /** ISO-8601 `start/end`. */
  interval: string;
  granularity?: string;
  metrics?: string[];
  groupBy?: string[];
}

export interface UsageExecutionResult {
  executionId?: string;
  resultsUri?: string;
}

export interface ApiUsageRow {
  clientId?: string;
  clientName?: string;
  organizationId?: string;
  userId?: string;
  templateUri?: string;
  httpMethod?: string;
  status200?: number;
  status300?: number;
  status400?: number;
  status500?: number;
  status429?: number;
  requests?: number;
  date?: string;
}

export interface ApiUsageQueryResult {
  results?: ApiUsageRow[];
  queryStatus?: string;
}

export interface OAuthClientUsageApi {
  query(clientId: string, query: ApiUsageClientQuery): Promise<UsageExecutionResult>;
  results(clientId: string, executionId: string): Promise<ApiUsageQueryResult>;
  summary(clientId: string, days?: number): Promise<UsageExecutionResult>;
}

const base = (clientId: string) => `/api/v2/oauth/clients/${segment(clientId)}/usage`;

export function oauthClientUsageApi(api: PlatformApi): OAuthClientUsageApi {
  return {
    query: (clientId, query) =>
      api.call<UsageExecutionResult>('POST', `${base(clientId)}/query`, { body: query }),
    results: (clientId, executionId) =>
      api.call<ApiUsageQueryResult>('GET', `${base(clientId)}/query/results/${segment(executionId)}`),
    summary: (clientId, days) =>
      api.call<UsageExecutionResult>('GET', `${base(clientId)}/summary`, { query: { days } }),
  };
}
