/** The emulator's control API (`/__emulator/…`) as the provisioning tests use it. */
import { request } from 'undici';
import type { OrgStateDump } from '../../../emulator/store/dump.js';
import type { CreatedOrg } from '../../../emulator/routes/control.js';
import type { FaultConfig } from '../../../emulator/faults.js';

async function call<T>(
  base: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
) {
  const res = await request(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path} answered ${res.statusCode}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export class EmulatorControlClient {
  constructor(readonly url: string) {}

  createOrg(thirdPartyOrgName: string): Promise<CreatedOrg> {
    return call<CreatedOrg>(this.url, 'POST', '/__emulator/orgs', {
      name: thirdPartyOrgName,
      thirdPartyOrgName,
    });
  }

  state(orgId: string): Promise<OrgStateDump> {
    return call<OrgStateDump>(this.url, 'GET', `/__emulator/orgs/${encodeURIComponent(orgId)}/state`);
  }

  setFaults(config: FaultConfig): Promise<void> {
    return call<void>(this.url, 'PUT', '/__emulator/faults', config);
  }

  clearFaults(): Promise<void> {
    return call<void>(this.url, 'DELETE', '/__emulator/faults');
  }

  async requestCount(): Promise<number> {
    return (await call<{ entities: unknown[] }>(this.url, 'GET', '/__emulator/requests')).entities.length;
  }
}
