import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { genesysRoute } from '../../observability/genesys-route.js';
import { jsonLogLine, logFormatFrom } from '../../observability/log-format.js';
import { compensationKind } from '../../observability/metric-names.js';
import { tracingRequested } from '../../observability/tracing.js';
import { HttpTransport, TRANSIENT_READ_RETRY, type HttpExchange } from '../../purecloud/http.js';
import { SecretScrubber } from '../../purecloud/redact.js';
import { clearRegisteredSecrets, registerSecret } from '../../secrets/redaction.js';
import { createWorkerLogger, metricsBindAddress } from '../../worker/telemetry.js';

describe('genesysRoute', () => {
  it.each([
    ['/api/v2/oauth/clients', '/api/v2/oauth/clients'],
    ['/api/v2/oauth/clients/5f0c9d2e-1b7a-4c1e-9a5e-3d2f1c0b9a8e', '/api/v2/oauth/clients/{id}'],
    [
      '/api/v2/oauth/clients/5f0c9d2e-1b7a-4c1e-9a5e-3d2f1c0b9a8e/secret',
      '/api/v2/oauth/clients/{id}/secret',
    ],
    [
      '/api/v2/authorization/subjects/0b1c2d3e-aaaa-bbbb-cccc-123456789abc/bulkadd',
      '/api/v2/authorization/subjects/{id}/bulkadd',
    ],
    ['/api/v2/identityproviders/pureengage', '/api/v2/identityproviders/pureengage'],
    ['/api/v2/users/jane%40example.com', '/api/v2/users/{id}'],
    ['/api/v2/users/12345/roles', '/api/v2/users/{id}/roles'],
    ['/api/v2/users/search?pageSize=25', '/api/v2/users/search'],
    ['/oauth/token', '/oauth/token'],
  ])('%s → %s', (path, route) => {
    expect(genesysRoute(path)).toBe(route);
  });
});

describe('compensationKind', () => {
  it('keeps the resource kind and drops the user data of a step name', () => {
    expect(compensationKind('oauth-client:PureEngage WDE')).toBe('oauth-client');
    expect(compensationKind('admin:jane@example.com')).toBe('admin');
    expect(compensationKind('identity-provider')).toBe('identity-provider');
  });
});

describe('HttpTransport onResponse', () => {
  const agents: MockAgent[] = [];
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });

  function transportWith(observer: (e: HttpExchange) => void) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agents.push(agent);
    const transport = new HttpTransport({
      timeoutMs: 1000,
      userAgent: 't',
      dispatcher: agent,
      onResponse: observer,
      // The transient read retry sends a failed GET again: no real waiting between those tries here.
      retryClock: { now: () => 0, sleep: async () => undefined, random: () => 0 },
    });
    const send = (path: string) =>
      transport.send({
        origin: 'https://api.example.test',
        method: 'GET',
        path,
        headers: {},
        operation: `GET ${path}`,
        scrubber: new SecretScrubber(),
      });
    return { agent, send };
  }

  it('sees every exchange (each try of a retried read too): its status, or network-error; an observer that throws does not fail the request', async () => {
    const seen: HttpExchange[] = [];
    const { agent, send } = transportWith((e) => {
      seen.push(e);
      throw new Error('observer bug');
    });
    const pool = agent.get('https://api.example.test');
    // A Retry-After longer than the read retry's window is left to the activity's retry: one exchange.
    pool
      .intercept({ path: '/api/v2/users/abc', method: 'GET' })
      .reply(429, '{}', { headers: { 'retry-after': '60' } });
    // A lost connection is tried again, up to TRANSIENT_READ_RETRY.maxTries: each try is an exchange.
    pool
      .intercept({ path: '/api/v2/users/me', method: 'GET' })
      .replyWithError(new Error('socket hang up'))
      .times(TRANSIENT_READ_RETRY.maxTries);

    expect((await send('/api/v2/users/abc')).status).toBe(429);
    await expect(send('/api/v2/users/me')).rejects.toThrow();
    expect(seen).toEqual([
      { method: 'GET', path: '/api/v2/users/abc', status: 429 },
      ...Array.from({ length: TRANSIENT_READ_RETRY.maxTries }, () => ({
        method: 'GET',
        path: '/api/v2/users/me',
        status: 'network-error',
      })),
    ]);
  });
});

describe('worker telemetry settings', () => {
  it('serves metrics only when HYBRID_METRICS_PORT is set, on all interfaces unless told', () => {
    expect(metricsBindAddress({})).toBeUndefined();
    expect(metricsBindAddress({ HYBRID_METRICS_PORT: '9464' })).toBe('0.0.0.0:9464');
    expect(metricsBindAddress({ HYBRID_METRICS_PORT: '9464', HYBRID_METRICS_HOST: '127.0.0.1' })).toBe(
      '127.0.0.1:9464',
    );
    expect(metricsBindAddress({ HYBRID_METRICS_PORT: '9464', HYBRID_METRICS_HOST: '::1' })).toBe(
      '[::1]:9464',
    );
  });

  it('refuses a metrics port that is not one, naming the variable', () => {
    for (const bad of ['http', '0', '70000', '94 64']) {
      expect(() => metricsBindAddress({ HYBRID_METRICS_PORT: bad })).toThrow(
        /HYBRID_METRICS_PORT must be a TCP port/,
      );
    }
  });

  it('reads HYBRID_LOG_FORMAT and refuses other values', () => {
    expect(logFormatFrom({})).toBe('text');
    expect(logFormatFrom({ HYBRID_LOG_FORMAT: 'json' })).toBe('json');
    expect(() => logFormatFrom({ HYBRID_LOG_FORMAT: 'JSONL' })).toThrow(
      /HYBRID_LOG_FORMAT must be "json" or "text"/,
    );
  });

  it('traces only when an OTLP endpoint is given', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(
      true,
    );
  });
});

describe('JSON logs', () => {
  afterEach(() => clearRegisteredSecrets());

  it('the worker logger writes one JSON object per line, with secrets redacted as in text mode', () => {
    const secret = 'Zq8-very-secret-client-secret-value';
    registerSecret(secret);
    const lines: string[] = [];
    const logger = createWorkerLogger({ HYBRID_LOG_FORMAT: 'json' }, 'INFO', (line) => lines.push(line));

    logger.error(`Activity failed: token ${secret} refused`, {
      activityType: 'ensureOAuthClient',
      error: new Error(`POST /oauth/token with ${secret}`),
    });
    logger.debug('below the level');

    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'ERROR',
      component: 'worker',
      message: 'Activity failed: token [redacted] refused',
      activityType: 'ensureOAuthClient',
      error: { name: 'Error', message: 'POST /oauth/token with [redacted]' },
    });
    expect(new Date(entry.time as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(lines[0]).not.toContain(secret);
  });

  it('keeps its own keys over metadata and writes bigints as strings', () => {
    const line = jsonLogLine('cli', {
      level: 'WARN',
      message: 'm',
      meta: { level: 'spoofed', component: 'spoofed', n: 12n },
      time: new Date('2026-01-02T03:04:05Z'),
    });
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      level: 'WARN',
      component: 'cli',
      message: 'm',
      n: '12',
    });
  });
});
