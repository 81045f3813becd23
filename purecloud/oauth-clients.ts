/** OAuth clients: `/api/v2/oauth/clients`. */
import { segment, type PlatformApi } from './platform-api.js';
import { toOAuthClientRequest } from './oauth-client-request.js';
import type { EntityListing, OAuthClient, OAuthClientRequest } from './types.js';

const BASE = '/api/v2/oauth/clients';
/** Far beyond any org (one page holds every client today); guards against a server that never ends. */
const MAX_CLIENT_PAGES = 100;

/** The query of the next page from a listing's relative `nextUri`, or undefined on the last page. */
function nextPageQuery(
  nextUri: string | undefined,
  selfUri: string | undefined,
): Record<string, string> | undefined {
  if (!nextUri || nextUri === selfUri) return undefined;
  const next = new URL(nextUri, 'https://api.invalid');
  if (next.pathname !== BASE) return undefined;
  return Object.fromEntries(next.searchParams);
}

export interface OAuthClientsApi {
  /** Every client of the org, including ones in state `deleted` (filtering is the caller's choice). */
  list(): Promise<OAuthClient[]>;
  /** null when the client does not exist. */
  get(id: string): Promise<OAuthClient | null>;
  /** The response carries the new `secret`: keep it, it may not be readable again. */
  create(request: OAuthClientRequest): Promise<OAuthClient>;
  /** Full replacement of the request model. */
  update(id: string, request: OAuthClientRequest): Promise<OAuthClient>;
  /**
   * Deletes the client. Genesys only deletes `inactive` clients (`cannot.delete.client`), so a client in any
   * other state is first read and PUT back with state `inactive`. A 404 at any step means already gone.
   */
  delete(id: string): Promise<void>;
  /** Issues a new secret; the old one stops working. */
  regenerateSecret(id: string): Promise<OAuthClient>;
}

export function oauthClientsApi(api: PlatformApi): OAuthClientsApi {
  return {
    async list() {
      // The SDK's getOauthClients takes no paging parameters (OAuthApi.js), yet its answer is an entity
      // listing with `nextUri`: should the server ever page it, follow every page rather than miss a client.
      const all: OAuthClient[] = [];
      let query: Record<string, string> | undefined = {};
      for (let page = 1; query !== undefined && page <= MAX_CLIENT_PAGES; page++) {
        const listing: EntityListing<OAuthClient> | undefined = await api.call('GET', BASE, { query });
        all.push(...(listing?.entities ?? []));
        query = nextPageQuery(listing?.nextUri, listing?.selfUri);
      }
      return all;
    },
    get: (id) => api.callOrNull<OAuthClient>('GET', `${BASE}/${segment(id)}`),
    create: (request) => api.call<OAuthClient>('POST', BASE, { body: request }),
    update: (id, request) => api.call<OAuthClient>('PUT', `${BASE}/${segment(id)}`, { body: request }),
    async delete(id) {
      const path = `${BASE}/${segment(id)}`;
      const client = await api.callOrNull<OAuthClient>('GET', path);
      if (!client || client.state === 'deleted') return;
      if (client.state !== 'inactive') {
        const deactivated = await api.callOrNull<OAuthClient>('PUT', path, {
          body: { ...toOAuthClientRequest(client), state: 'inactive' },
        });
        if (!deactivated) return;
      }
      await api.callIgnoringNotFound('DELETE', path);
    },
    regenerateSecret: (id) => api.call<OAuthClient>('POST', `${BASE}/${segment(id)}/secret`),
  };
}
