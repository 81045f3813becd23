import { describe, expect, it } from 'vitest';
import {
  criticalPathBound,
  longestChain,
  timedRequest,
  type TimedRequest,
} from '../../../bench/provisioning/critical-path.js';

const req = (path: string, startMs: number, endMs: number): TimedRequest => ({
  method: 'GET',
  path,
  startMs,
  endMs,
  durationMs: endMs - startMs,
});

describe('longestChain', () => {
  it('takes the slowest of requests issued together, then what was issued after them', () => {
    const chain = longestChain([
      req('/token', 0, 50),
      req('/a', 51, 101),
      req('/b', 51, 120),
      req('/c', 52, 102),
      req('/after', 121, 171),
    ]);
    expect(chain.requests.map((r) => r.path)).toEqual(['/token', '/b', '/after']);
    expect(chain.totalMs).toBe(50 + 69 + 50);
  });

  it('counts a request that starts within the log rounding of the previous end as after it', () => {
    const chain = longestChain([req('/first', 0, 50), req('/second', 49.5, 100)]);
    expect(chain.requests).toHaveLength(2);
  });

  it('does not chain requests that overlap by more than the rounding', () => {
    const chain = longestChain([req('/x', 0, 50), req('/y', 10, 60)]);
    expect(chain.requests).toHaveLength(1);
    expect(chain.totalMs).toBe(50);
  });

  it('is empty for a step without requests', () => {
    expect(longestChain([])).toEqual({ requests: [], totalMs: 0 });
  });
});

describe('criticalPathBound', () => {
  it('adds preflight, the slowest parallel step and the identity provider, ignoring faster branches', () => {
    const bound = criticalPathBound(
      new Map([
        ['preflight', [req('/token', 0, 50), req('/roles', 51, 101)]],
        ['certificate', []],
        ['oauth-client:WDE', [req('/clients', 102, 152), req('/clients/new', 153, 203)]],
        ['admin:jane@x', [req('/search', 102, 152), req('/users', 153, 203), req('/roles/put', 204, 254)]],
        ['identity-provider', [req('/idp', 400, 450)]],
      ]),
    );
    expect(bound.slowestParallelStep.step).toBe('admin:jane@x');
    expect(bound.totalMs).toBe(100 + 150 + 50);
    expect(bound.limitedBy).toBe('requests');
    expect(bound.requests.map((r) => r.path)).toEqual([
      '/token',
      '/roles',
      '/search',
      '/users',
      '/roles/put',
      '/idp',
    ]);
  });
});

describe('criticalPathBound with the key generated from the start of the run', () => {
  const byStep = new Map([
    ['preflight', [req('/token', 0, 50), req('/roles', 51, 101)]],
    ['certificate-key', []],
    ['oauth-client:WDE', [req('/clients', 102, 152)]],
    ['identity-provider', [req('/idp', 400, 450)]],
  ]);

  it('is the key generation plus the identity provider when the key takes longer than the requests before it', () => {
    const bound = criticalPathBound(byStep, 600);
    expect(bound.requestChainMs).toBe(100 + 50 + 50);
    expect(bound.keyPathMs).toBe(600 + 50);
    expect(bound.totalMs).toBe(650);
    expect(bound.limitedBy).toBe('key generation');
  });

  it('is the request chain when the key is ready first, and never counts the key step as a parallel step', () => {
    const bound = criticalPathBound(byStep, 80);
    expect(bound.totalMs).toBe(200);
    expect(bound.limitedBy).toBe('requests');
    expect(bound.parallelSteps.map((s) => s.step)).toEqual(['oauth-client:WDE']);
  });
});

describe('timedRequest', () => {
  it('derives the start from the completion time and the duration', () => {
    const r = timedRequest({ time: '2026-01-01T00:00:00.100Z', method: 'GET', path: '/p', durationMs: 52.5 });
    expect(r.endMs - r.startMs).toBe(52.5);
    expect(r.endMs).toBe(Date.parse('2026-01-01T00:00:00.100Z'));
  });

  it('refuses an entry without a valid time', () => {
    expect(() => timedRequest({ time: 'soon', method: 'GET', path: '/p', durationMs: 1 })).toThrow(/time/);
  });
});
