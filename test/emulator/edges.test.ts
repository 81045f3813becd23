// Issue 11 item 11: the emulator's own edges: control input, aborted bodies, slow clients.
import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { adminSession, withEmulator } from './sdk.js';

async function post(url: string, body: unknown, method: 'POST' | 'PUT' = 'POST') {
  const res = await request(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => socket.once('close', () => resolve(Date.now() - started)));
}

describe('control input', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator();
  });
  afterAll(() => emulator.close());

  it.each([1e300, -1, Number.MAX_VALUE, '10', 10 * 365 * 86_400 + 1])(
    'refuses clock/advance %s with a clear 400, and later requests still work',
    async (seconds) => {
      const res = await post(`${emulator.url}/__emulator/clock/advance`, { seconds });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'invalid.value',
        message: expect.stringContaining('seconds must be'),
      });
      const admin = await adminSession(emulator);
      expect((await admin.organization.getOrganizationsMe()).id).toBe(emulator.defaultOrg.id);
    },
  );

  it('refuses advancing past a hundred years in total, and keeps working', async () => {
    const tenYears = 10 * 365 * 86_400;
    let last = { status: 200 } as { status: number; body?: Record<string, unknown> };
    for (let i = 0; i < 11 && last.status === 200; i++) {
      last = await post(`${emulator.url}/__emulator/clock/advance`, { seconds: tenYears });
    }
    expect(last).toMatchObject({ status: 400, body: { message: expect.stringContaining('100 years') } });
    const admin = await adminSession(emulator);
    expect((await admin.organization.getOrganizationsMe()).id).toBe(emulator.defaultOrg.id);
    expect((await post(`${emulator.url}/__emulator/reset`, {})).status).toBeLessThan(300);
  });

  it('refuses a latency of 1e12 ms naming the field', async () => {
    const res = await post(
      `${emulator.url}/__emulator/faults`,
      { rules: [{ latency: { fixedMs: 1e12 } }] },
      'PUT',
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('rules.0.latency.fixedMs');
    expect(JSON.stringify(res.body)).toContain('at most 120000 ms');
  });
});

describe('aborted request bodies', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator();
  });
  afterAll(() => emulator.close());
  afterEach(() => vi.restoreAllMocks());

  it('logs a burst of aborts as one line, without a stack trace', async () => {
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array) => boolean;
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      const text = String(chunk);
      if (!text.includes('emulator')) return write(chunk);
      lines.push(text);
      return true;
    });
    const sockets = await Promise.all(Array.from({ length: 30 }, () => openSocket(emulator.port)));
    for (const socket of sockets) {
      socket.write(
        'POST /api/v2/oauth/clients HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"na',
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all(sockets.map((socket) => (socket.destroy(), closed(socket))));
    await new Promise((r) => setTimeout(r, 1500));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^emulator: 30 requests aborted by the client before the body was read/);
    expect(lines.join('')).not.toMatch(/\n\s+at /);
  });
});

describe('slow clients', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator({ timeouts: { requestMs: 1500, headersMs: 1000 } });
  });
  afterAll(() => emulator.close());

  it('closes a connection whose body trickles in a byte at a time (slowloris)', async () => {
    const socket = await openSocket(emulator.port);
    const gone = closed(socket);
    socket.on('error', () => undefined);
    socket.write(
      'POST /__emulator/clock/advance HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n',
    );
    const drip = setInterval(() => socket.writable && socket.write(' '), 200);
    const outcome = await Promise.race([gone, new Promise<'open'>((r) => setTimeout(() => r('open'), 8000))]);
    clearInterval(drip);
    socket.destroy();
    expect(outcome).not.toBe('open');
  });

  it('closes a connection whose headers never end', async () => {
    const socket = await openSocket(emulator.port);
    const gone = closed(socket);
    socket.on('error', () => undefined);
    socket.write('GET /api/v2/organizations/me HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-a: b\r\n'), 200);
    const outcome = await Promise.race([gone, new Promise<'open'>((r) => setTimeout(() => r('open'), 8000))]);
    clearInterval(drip);
    socket.destroy();
    expect(outcome).not.toBe('open');
  });
});
