/**
 * Genesys Cloud regions and how an `environment` setting becomes the two base URLs the client talks to.
 *
 * The official SDK takes an environment host (e.g. `mypurecloud.ie`) and derives `https://api.<env>` for the
 * Platform API and `https://login.<env>` for OAuth. A local emulator serves both on one origin, so a full
 * `http(s)://host:port` URL is taken as that single origin.
 */
import { GenesysConfigurationError } from './errors.js';

/** SDK region key → environment host (PureCloudRegionHosts.js of purecloud-platform-client-v2). */
export const GENESYS_REGION_HOSTS = {
  us_east_1: 'mypurecloud.com',
  eu_west_1: 'mypurecloud.ie',
  ap_southeast_2: 'mypurecloud.com.au',
  ap_northeast_1: 'mypurecloud.jp',
  eu_central_1: 'mypurecloud.de',
  us_west_2: 'usw2.pure.cloud',
  ca_central_1: 'cac1.pure.cloud',
  ap_northeast_2: 'apne2.pure.cloud',
  eu_west_2: 'euw2.pure.cloud',
  ap_south_1: 'aps1.pure.cloud',
  us_east_2: 'use2.us-gov-pure.cloud',
  sa_east_1: 'sae1.pure.cloud',
  me_central_1: 'mec1.pure.cloud',
  ap_northeast_3: 'apne3.pure.cloud',
  eu_central_2: 'euc2.pure.cloud',
  mx_central_1: 'mxc1.pure.cloud',
  ap_southeast_1: 'apse1.pure.cloud',
  eusc_de_east_1: 'edee1.eusc-pure.cloud',
} as const satisfies Record<string, string>;

export type GenesysRegionKey = keyof typeof GENESYS_REGION_HOSTS;

export interface GenesysEndpoints {
  /** Origin of the Platform API, e.g. `https://api.mypurecloud.ie` (no trailing slash). */
  apiBaseUrl: string;
  /** Origin of the OAuth endpoints, e.g. `https://login.mypurecloud.ie` (no trailing slash). */
  loginBaseUrl: string;
}

const KNOWN_HOSTS: ReadonlySet<string> = new Set(Object.values(GENESYS_REGION_HOSTS));

/**
 * Host shape of the regions Genesys has added since 2019 (`<code>.pure.cloud`, `<code>.<x>-pure.cloud`).
 * Accepting the shape, not only the table, keeps a region added after this table was written usable;
 * the older `mypurecloud.*` hosts are all in the table, so a typo there (`mypurecloud.con`) is rejected.
 */
const GENESYS_HOST_SHAPE = /^[a-z0-9]+\.([a-z0-9]+(-[a-z0-9]+)*-)?pure\.cloud$/;

function isGenesysHost(host: string): boolean {
  return KNOWN_HOSTS.has(host) || GENESYS_HOST_SHAPE.test(host);
}

function isRegionKey(value: string): value is GenesysRegionKey {
  return Object.hasOwn(GENESYS_REGION_HOSTS, value);
}

function fromHost(host: string): GenesysEndpoints {
  return { apiBaseUrl: `https://api.${host}`, loginBaseUrl: `https://login.${host}` };
}

function fromUrl(raw: string): GenesysEndpoints {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GenesysConfigurationError('environment', `"${raw}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GenesysConfigurationError(
      'environment',
      `URL scheme must be http or https, got "${url.protocol}"`,
    );
  }
  if (url.username || url.password) {
    throw new GenesysConfigurationError('environment', 'the URL must not carry credentials');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new GenesysConfigurationError(
      'environment',
      `give only the origin (e.g. http://127.0.0.1:8080), without path, query or fragment; got "${raw}"`,
    );
  }
  // A genesys region given as a URL (e.g. https://api.mypurecloud.ie) still needs distinct api/login hosts.
  const host = url.hostname.replace(/^(api|login)\./, '');
  if (url.protocol === 'https:' && !url.port && isGenesysHost(host)) return fromHost(host);
  return { apiBaseUrl: url.origin, loginBaseUrl: url.origin };
}

/**
 * Resolves `environment` to API and login origins.
 *
 * Accepted forms: a region host (`mypurecloud.com`, `usw2.pure.cloud`, also with an `api.`/`login.` prefix),
 * an SDK region key (`us_east_1`), or an `http(s)://host[:port]` origin (emulator: both at that origin).
 * Anything else (a typo such as `mypurecloud.con`, a bare word) is rejected so it fails at start-up.
 */
export function resolveGenesysEndpoints(environment: string): GenesysEndpoints {
  if (typeof environment !== 'string' || environment.trim() === '') {
    throw new GenesysConfigurationError(
      'environment',
      'it is empty; give a region host such as "mypurecloud.com", a region key such as "us_east_1", or an emulator URL such as "http://127.0.0.1:8080"',
    );
  }
  const value = environment.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return fromUrl(value);

  const key = value.toLowerCase();
  if (isRegionKey(key)) return fromHost(GENESYS_REGION_HOSTS[key]);

  const host = key.replace(/\/+$/, '').replace(/^(api|login)\./, '');
  if (isGenesysHost(host)) return fromHost(host);

  throw new GenesysConfigurationError(
    'environment',
    `"${value}" is not a known Genesys Cloud region; use one of the hosts ${[...KNOWN_HOSTS].join(', ')}, ` +
      `a region key (${Object.keys(GENESYS_REGION_HOSTS).join(', ')}) or an http(s)://host:port URL`,
  );
}

/** The hosts an on-premises PureEngage deployment talks to, for the handoff and its network checklist. */
export interface GenesysHosts {
  /** The SDK region key, when the environment is a region of the table (absent for the emulator). */
  regionKey?: GenesysRegionKey;
  /** `mypurecloud.ie`; absent for an emulator URL. */
  environmentHost?: string;
  /** Platform API origin (`https://api.<env>`; SDK configuration.js). */
  apiBaseUrl: string;
  /** OAuth origin (`https://login.<env>`; SDK ApiClient.js token endpoint). */
  loginBaseUrl: string;
  /** Web apps origin (`https://apps.<env>`; saml2bearer-oauth-example README); the origin itself for the emulator. */
  appsBaseUrl: string;
}

/**
 * Like {@link resolveGenesysEndpoints}, plus the apps host and the region: derived from the same table, so the
 * handoff's network checklist and the client can never disagree about a region's hosts.
 */
export function resolveGenesysHosts(environment: string): GenesysHosts {
  const endpoints = resolveGenesysEndpoints(environment);
  const api = new URL(endpoints.apiBaseUrl);
  if (endpoints.apiBaseUrl === endpoints.loginBaseUrl) return { ...endpoints, appsBaseUrl: api.origin };
  const host = api.hostname.replace(/^api\./, '');
  const regionKey = (Object.keys(GENESYS_REGION_HOSTS) as GenesysRegionKey[]).find(
    (key) => GENESYS_REGION_HOSTS[key] === host,
  );
  return {
    ...(regionKey ? { regionKey } : {}),
    environmentHost: host,
    ...endpoints,
    appsBaseUrl: `https://apps.${host}`,
  };
}
