/**
 * Counts Genesys Cloud requests on the worker's metrics endpoint: the observer the activities' client factory
 * injects into purecloud/ (HttpTransportOptions.onResponse).
 *
 * Recorded through the running activity's metric meter, which feeds the Temporal runtime's Prometheus
 * exporter (worker/telemetry.ts), so our series sit on the same endpoint as the SDK's and carry the same
 * namespace / task queue / activity type labels. Outside an activity (a CLI command using the client
 * directly) there is no worker endpoint to feed, and nothing is recorded.
 */
import { asyncLocalStorage } from '@temporalio/activity';
import type { HttpExchange } from '../purecloud/http.js';
import { genesysRoute } from './genesys-route.js';
import { METRICS } from './metric-names.js';

/** Genesys answers 429 when a token exceeds its request rate (DESIGN.md: error taxonomy). */
const TOO_MANY_REQUESTS = 429;

export function countGenesysResponse(exchange: HttpExchange): void {
  const meter = asyncLocalStorage.getStore()?.metricMeter;
  if (!meter) return;
  meter
    .createCounter(
      METRICS.genesysRequests,
      undefined,
      'Genesys Cloud HTTP requests by method, route and status',
    )
    .add(1, {
      method: exchange.method,
      route: genesysRoute(exchange.path),
      status: String(exchange.status),
    });
  if (exchange.status === TOO_MANY_REQUESTS) {
    meter
      .createCounter(METRICS.genesysRateLimited, undefined, 'Genesys Cloud responses with status 429')
      .add(1);
  }
}
