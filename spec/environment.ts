import { z } from 'zod';
import { GENESYS_REGION_HOSTS } from '../purecloud/regions.js';
import { closestMatch } from './did-you-mean.js';

// One region table for the whole project: the client's (SDK `PureCloudRegionHosts.js`, reference §1).
export { GENESYS_REGION_HOSTS };

const REGION_HOSTS: readonly string[] = Object.values(GENESYS_REGION_HOSTS);
const REGION_KEYS: readonly string[] = Object.keys(GENESYS_REGION_HOSTS);

/** True when the normalised environment is a URL (the emulator, or any API served at one base URL). */
export function isEnvironmentUrl(environment: string): boolean {
  return /^https?:\/\//i.test(environment);
}

/** localhost, 127.0.0.0/8 or [::1]: where the emulator listens. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The region host a URL points into (`https://api.mypurecloud.ie` → `mypurecloud.ie`), if any. */
export function regionHostOfUrl(url: string): string | undefined {
  const hostname = new URL(url).hostname.toLowerCase();
  return REGION_HOSTS.find((host) => hostname === host || hostname.endsWith(`.${host}`));
}

/**
 * `environment`: a region host (`mypurecloud.com`), an SDK region key (`us_east_1`, normalised to its host) or
 * an http(s) base URL (the local emulator; kept as given without a trailing slash).
 */
export const environmentField = z
  .string({ error: 'must be a Genesys Cloud region host (e.g. mypurecloud.com) or an http(s) URL' })
  .trim()
  .min(1, { error: 'must not be empty; write a region host such as mypurecloud.com' })
  .transform((text, ctx) => {
    if (isEnvironmentUrl(text)) {
      const url = URL.canParse(text) ? new URL(text) : undefined;
      if (url === undefined || url.search !== '' || url.hash !== '' || url.username !== '') {
        ctx.addIssue({
          code: 'custom',
          message:
            'is not a usable base URL; write e.g. http://localhost:9100 (no query, fragment or credentials)',
        });
        return z.NEVER;
      }
      // Plain http carries the credentials in clear: only to the local emulator. Https anywhere else needs the
      // user's explicit flag (spec/trust.ts), since the spec alone may not choose where credentials go.
      if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        ctx.addIssue({
          code: 'custom',
          message:
            `plain http is allowed only to this machine (localhost, 127.0.0.1, [::1]: the emulator); ` +
            `Genesys Cloud is https: use a region host such as mypurecloud.com`,
        });
        return z.NEVER;
      }
      return text.replace(/\/+$/, '');
    }
    const lowered = text.toLowerCase();
    const fromKey = (GENESYS_REGION_HOSTS as Readonly<Record<string, string>>)[lowered];
    if (fromKey !== undefined) return fromKey;
    if (REGION_HOSTS.includes(lowered)) return lowered;
    const guess = closestMatch(lowered, [...REGION_HOSTS, ...REGION_KEYS]);
    ctx.addIssue({
      code: 'custom',
      message:
        `'${text}' is not a known Genesys Cloud region` +
        (guess === undefined ? '' : `; did you mean '${guess}'?`) +
        ` Use a region host (${REGION_HOSTS.slice(0, 3).join(', ')}, ...), an SDK region key (us_east_1, ...)` +
        ' or an http(s) URL for the emulator',
    });
    return z.NEVER;
  })
  .meta({
    description:
      'Genesys Cloud region host (mypurecloud.com, mypurecloud.ie, usw2.pure.cloud, ...), SDK region key ' +
      '(us_east_1, ...) or an http(s) base URL such as http://localhost:9100 for the local emulator',
    examples: ['mypurecloud.com', 'us_east_1', 'http://localhost:9100'],
  });
