/** Identity providers: the listing and the PureEngage singleton at `/api/v2/identityproviders/pureengage`. */
import type { PlatformApi } from './platform-api.js';
import type { EntityListing, IdentityProvider, IdentityProviderRef, PureEngageProvider } from './types.js';

const BASE = '/api/v2/identityproviders';
const PUREENGAGE = `${BASE}/pureengage`;

export interface IdentityProvidersApi {
  list(): Promise<IdentityProvider[]>;
  /** null when no PureEngage provider is configured. */
  getPureEngage(): Promise<PureEngageProvider | null>;
  /** Creates or replaces the singleton (idempotent). */
  putPureEngage(body: PureEngageProvider): Promise<IdentityProviderRef>;
  /** A 404 (nothing configured) counts as success. */
  deletePureEngage(): Promise<void>;
}

export function identityProvidersApi(api: PlatformApi): IdentityProvidersApi {
  return {
    async list() {
      const listing = await api.call<EntityListing<IdentityProvider>>('GET', BASE);
      return listing?.entities ?? [];
    },
    getPureEngage: () => api.callOrNull<PureEngageProvider>('GET', PUREENGAGE),
    putPureEngage: (body) => api.call<IdentityProviderRef>('PUT', PUREENGAGE, { body }),
    deletePureEngage: () => api.callIgnoringNotFound('DELETE', PUREENGAGE),
  };
}
