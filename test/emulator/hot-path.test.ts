/**
 * The emulator's request hot path was made cheaper (issue 13 item 5) without changing what it answers. These tests
 * pin the behaviour each shortcut must keep: the router's map lookup of literal routes, the request log's ring
 * buffer, `extend` in place of `{ ...spread, more }`, the permission check that splits a permission once, the
 * body reader's skip of bodyless requests, and the control API's CPU figure that bench:emulator reads.
 */
import { connect } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission } from '../../emulator/auth.js';
import {
  permissionParts,
  policyGrants,
  policyGrantsParts,
  type PermissionPolicy,
} from '../../emulator/catalog.js';
import { clientCredentialsToken, EmulatorControlClient } from '../../emulator/control-client.js';
import { Router, type Route } from '../../emulator/http/router.js';
import { extend } from '../../emulator/objects.js';
import { RequestLog, type RequestLogEntry } from '../../emulator/request-log.js';
import type { RunningEmulator } from '../../emulator/server.js';
import type { RoleRecord } from '../../emulator/store/types.js';
import { withEmulator } from './sdk.js';

function route(method: string, path: string): Route {
  return { method, path, auth: 'none', body: 'none', handler: () => ({ status: 200, body: path }) };
}

describe('router', () => {
  const router = new Router();
  router.add([
    route('GET', '/api/v2/users/{userId}'),
    route('GET', '/api/v2/users/search'),
    route('POST', '/api/v2/users/search'),
    route('GET', '/api/v2/users'),
    route('GET', '/api/v2/users/{userId}/roles'),
  ]);
  const matched = (method: string, path: string) => {
    const m = router.match(method, path);
    return m ? { path: m.route.path, params: m.params } : undefined;
  };

  it('finds literal routes by method and path, with or without one trailing slash', () => {
    expect(matched('GET', '/api/v2/users')).toEqual({ path: '/api/v2/users', params: {} });
    expect(matched('GET', '/api/v2/users/')).toEqual({ path: '/api/v2/users', params: {} });
    expect(matched('GET', '/api/v2/users//')).toBeUndefined();
    expect(matched('DELETE', '/api/v2/users')).toBeUndefined();
    expect(matched('GET', '/API/v2/users')).toBeUndefined();
  });

  it('lets a literal segment win over a parameter, whatever the order the routes were added in', () => {
    expect(matched('GET', '/api/v2/users/search')).toEqual({ path: '/api/v2/users/search', params: {} });
    expect(matched('POST', '/api/v2/users/search/')).toEqual({ path: '/api/v2/users/search', params: {} });
  });

  it('still matches parameter routes, decoding their segments', () => {
    expect(matched('GET', '/api/v2/users/a%20b')).toEqual({
      path: '/api/v2/users/{userId}',
      params: { userId: 'a b' },
    });
    expect(matched('GET', '/api/v2/users/u1/roles/')).toEqual({
      path: '/api/v2/users/{userId}/roles',
      params: { userId: 'u1' },
    });
    expect(matched('POST', '/api/v2/users/u1')).toBeUndefined();
  });
});

describe('request log', () => {
  const entry = (n: number): RequestLogEntry => ({
    time: new Date(n * 1000).toISOString(),
    method: 'GET',
    path: `/p${n}`,
    status: 200,
    durationMs: 1,
    correlationId: `c${n}`,
  });

  it('keeps the last `limit` entries, oldest first, across several wrap-arounds', () => {
    const log = new RequestLog(3);
    for (let n = 1; n <= 8; n++) log.add(entry(n));
    expect(log.list().map((e) => e.path)).toEqual(['/p6', '/p7', '/p8']);
    log.add(entry(9));
    expect(log.list().map((e) => e.path)).toEqual(['/p7', '/p8', '/p9']);
  });

  it('lists what it has before it is full, and starts over after clear', () => {
    const log = new RequestLog(3);
    log.add(entry(1));
    log.add(entry(2));
    expect(log.list().map((e) => e.path)).toEqual(['/p1', '/p2']);
    for (let n = 3; n <= 7; n++) log.add(entry(n));
    log.clear();
    expect(log.list()).toEqual([]);
    log.add(entry(8));
    log.add(entry(9));
    expect(log.list().map((e) => e.path)).toEqual(['/p8', '/p9']);
  });

  it('hands out a copy: changing the list does not change the log', () => {
    const log = new RequestLog(2);
    log.add(entry(1));
    log.list().pop();
    expect(log.list()).toHaveLength(1);
  });
});

describe('extend', () => {
  it('gives what a spread gives: the same keys, in the same order, the later value winning', () => {
    const base = { id: 'a', name: 'n', note: undefined };
    const extra = { selfUri: '/x', name: 'm' };
    const extended = extend(base, extra);
    expect(extended).toStrictEqual({ ...base, ...extra });
    expect(Object.keys(extended)).toEqual(Object.keys({ ...base, ...extra }));
    expect(JSON.stringify(extended)).toBe(JSON.stringify({ ...base, ...extra }));
  });

  it('builds a new object and leaves both inputs alone', () => {
    const base = { id: 'a' };
    const extra = { selfUri: '/x' };
    const extended = extend(base, extra);
    expect(extended).not.toBe(base);
    expect(base).toEqual({ id: 'a' });
    expect(extra).toEqual({ selfUri: '/x' });
  });
});

describe('permission check', () => {
  const policies: PermissionPolicy[] = [
    { domain: 'oauth', entityName: 'client', actionSet: ['view', 'add'] },
    { domain: 'directory', entityName: '*', actionSet: ['view'] },
    { domain: 'routing', entityName: 'queue', actionSet: ['*'] },
    { domain: '*', entityName: 'grant', actionSet: ['delete'] },
  ];
  const permissions = [
    'oauth:client:view',
    'oauth:client:edit',
    'directory:user:view',
    'directory:user:add',
    'routing:queue:delete',
    'routing:skill:manage',
    'authorization:grant:delete',
    'authorization:grant:add',
    'admin',
    'oauth:client',
    'oauth',
  ];

  it('decides as policyGrants does for every policy and permission, malformed ones included', () => {
    for (const policy of policies) {
      for (const permission of permissions) {
        expect(policyGrantsParts(policy, permissionParts(permission)), `${permission}`).toBe(
          policyGrants(policy, permission),
        );
      }
    }
  });

  it('grants a role what one of its policies or flat permissions grants, and nothing else', () => {
    const role = { permissions: ['admin'], permissionPolicies: policies } as unknown as RoleRecord;
    const granted = permissions.filter((p) => hasPermission([role], p));
    expect(granted).toEqual([
      'oauth:client:view',
      'directory:user:view',
      'routing:queue:delete',
      'authorization:grant:delete',
      'admin',
    ]);
    expect(hasPermission([], 'oauth:client:view')).toBe(false);
  });
});

describe('over HTTP', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator();
  });
  afterAll(() => emulator.close());

  /** Sends `head` and `body` as written on one raw connection; resolves with everything the server answered. */
  function raw(head: string, body = ''): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(emulator.port, '127.0.0.1', () => socket.end(`${head}\r\n\r\n${body}`));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
  }

  it('reads a chunked body (no Content-Length) in full', async () => {
    const bearer = await clientCredentialsToken(
      emulator.url,
      emulator.adminClientId,
      emulator.adminClientSecret,
    );
    const json = JSON.stringify({ name: 'Chunked', email: 'chunked@example.com' });
    const chunked = `${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n`;
    const answer = await raw(
      [
        'POST /api/v2/users HTTP/1.1',
        'Host: emulator',
        `Authorization: Bearer ${bearer}`,
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        'Connection: close',
      ].join('\r\n'),
      chunked,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"email":"chunked@example.com"');
  });

  it('answers a bodyless POST as an empty body (400 naming the expected model), and a JSON route still needs JSON', async () => {
    const bearer = await clientCredentialsToken(
      emulator.url,
      emulator.adminClientId,
      emulator.adminClientSecret,
    );
    const empty = await raw(
      [
        'POST /api/v2/users HTTP/1.1',
        'Host: emulator',
        `Authorization: Bearer ${bearer}`,
        'Connection: close',
      ].join('\r\n'),
    );
    expect(empty).toMatch(/^HTTP\/1\.1 400 /);
    expect(empty).toContain('CreateUser');
    const notJson = await request(`${emulator.url}/api/v2/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(notJson.statusCode).toBe(415);
    await notJson.body.dump();
  });

  it('serves many bodyless requests on one kept-alive connection', async () => {
    const bearer = await clientCredentialsToken(
      emulator.url,
      emulator.adminClientId,
      emulator.adminClientSecret,
    );
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await request(`${emulator.url}/api/v2/organizations/me`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      statuses.push(res.statusCode);
      await res.body.dump();
    }
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('reports the emulator process CPU time, which only grows', async () => {
    const control = new EmulatorControlClient(emulator.url);
    const before = await control.cpuUsage();
    for (let i = 0; i < 50; i++) await control.requestCount();
    const after = await control.cpuUsage();
    expect(after.userMicros + after.systemMicros).toBeGreaterThan(before.userMicros + before.systemMicros);
    expect(Number.isInteger(after.userMicros) && Number.isInteger(after.systemMicros)).toBe(true);
  });
});
