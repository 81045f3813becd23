/**
 * An HTTP client for the emulator's control API (`/__emulator/…`, emulator/README.md), for tests, benches and
 * rehearsal scripts that run the emulator in another process or drive it over the network.
 */
import { request, type Dispatcher } from 'undici';
import type { FaultConfig } from './faults.js';
import type { RequestLogEntry } from './request-log.js';
import type { CreatedOrg } from './routes/control.js';
import type { OrgStateDump } from './store/dump.js';

export class EmulatorControlClient {
  constructor(readonly url: string) {}

  private async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await request(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    // Error bodies name the problem; success bodies may hold secrets (new orgs' admin clients), never echoed.
    if (res.statusCode >= 300)
      throw new Error(`emulator ${method} ${path} answered ${res.statusCode}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createOrg(thirdPartyOrgName: string): Promise<CreatedOrg> {
    return this.call<CreatedOrg>('POST', '/__emulator/orgs', { name: thirdPartyOrgName, thirdPartyOrgName });
  }

  /** The org's state dump (no secrets, stable order), by id or short name. */
  state(idOrThirdPartyOrgName: string): Promise<OrgStateDump> {
    return this.call<OrgStateDump>(
      'GET',
      `/__emulator/orgs/${encodeURIComponent(idOrThirdPartyOrgName)}/state`,
    );
  }

  setFaults(config: FaultConfig): Promise<void> {
    return this.call<void>('PUT', '/__emulator/faults', config);
  }

  clearFaults(): Promise<void> {
    return this.call<void>('DELETE', '/__emulator/faults');
  }

  /** Reads lag writes by `lagMs` (emulator/consistency.ts); 0 turns the lag off. */
  setConsistencyLag(lagMs: number): Promise<void> {
    return this.call<void>('PUT', '/__emulator/consistency', { lagMs });
  }

  async requests(): Promise<RequestLogEntry[]> {
    return (await this.call<{ entities: RequestLogEntry[] }>('GET', '/__emulator/requests')).entities;
  }

  clearRequests(): Promise<void> {
    return this.call<void>('DELETE', '/__emulator/requests');
  }

  /** CPU time the emulator process has used since it started (`process.cpuUsage()`), in microseconds. */
  async cpuUsage(): Promise<{ userMicros: number; systemMicros: number }> {
    return this.call<{ userMicros: number; systemMicros: number }>('GET', '/__emulator/cpu');
  }

  async requestCount(): Promise<number> {
    return (await this.requests()).length;
  }
}

/**
 * A client-credentials access token from the emulator's `/oauth/token`, over plain HTTP, for tests and benches that
 * call the emulator without the SDK.
 */
export async function clientCredentialsToken(
  url: string,
  clientId: string,
  clientSecret: string,
  dispatcher?: Dispatcher,
): Promise<string> {
  const res = await request(`${url}/oauth/token`, {
    method: 'POST',
    dispatcher,
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`emulator /oauth/token answered ${res.statusCode}: ${body}`);
  return (JSON.parse(body) as { access_token: string }).access_token;
}
