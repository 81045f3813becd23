import { z } from 'zod';
import { closestMatch } from './did-you-mean.js';

/**
 * Genesys Cloud regions as the JavaScript SDK names them (reference §1, SDK `PureCloudRegionHosts.js`):
 * SDK region key → environment host. The Platform API lives at `https://api.<host>`, OAuth at `https://login.<host>`.
 */
export const GENESYS_REGION_HOSTS: Readonly<Record<string, string>> = {
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
};

const REGION_HOSTS: readonly string[] = Object.values(GENESYS_REGION_HOSTS);
const REGION_KEYS: readonly string[] = Object.keys(GENESYS_REGION_HOSTS);

/** True when the normalised environment is a URL (the emulator, or any API served at one base URL). */
export function isEnvironmentUrl(environment: string): boolean {
  return /^https?:\/\//i.test(environment);
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
      return text.replace(/\/+$/, '');
    }
    const lowered = text.toLowerCase();
    const fromKey = GENESYS_REGION_HOSTS[lowered];
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
