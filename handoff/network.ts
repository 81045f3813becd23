/**
 * The hosts the on-premises side must reach for a region, derived from the one region table
 * (purecloud/regions.ts), each with the source that says it is used.
 */
import type { GenesysHosts } from '../purecloud/regions.js';

export interface NetworkRequirement {
  host: string;
  port: number;
  protocol: 'https' | 'http';
  purpose: string;
  source: string;
}

function hostPort(origin: string): { host: string; port: number; protocol: 'https' | 'http' } {
  const url = new URL(origin);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  };
}

export function networkChecklist(hosts: GenesysHosts): NetworkRequirement[] {
  const rows: NetworkRequirement[] = [
    {
      ...hostPort(hosts.apiBaseUrl),
      purpose: 'Platform API calls of the on-premises services',
      source:
        'purecloud-platform-client-v2 configuration.js (https://api.<env>); HYB sample request PUT https://api.{{environment}}/...',
    },
    {
      ...hostPort(hosts.loginBaseUrl),
      purpose: 'OAuth tokens: client credentials and SAML2 bearer (POST /oauth/token)',
      source: 'purecloud-platform-client-v2 ApiClient.js (https://login.<env>/oauth/token)',
    },
    {
      ...hostPort(hosts.appsBaseUrl),
      purpose: 'Genesys Cloud web apps opened by agents and administrators',
      source: 'MyPureCloud/saml2bearer-oauth-example README (https://apps.<env>)',
    },
  ];
  // The emulator serves everything on one origin: one row, not three copies of it.
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.host}:${r.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
