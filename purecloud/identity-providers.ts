/**
 * Identity providers: the listing (every provider of the org), the PureEngage singleton at
 * `/api/v2/identityproviders/pureengage`, and generic providers at `/api/v2/identityproviders/{providerId}`.
 */
import { segment, type PlatformApi } from './platform-api.js';
import type {
  CustomProvider,
  EntityListing,
  IdentityProvider,
  IdentityProviderRef,
  PureEngageProvider,
} from './types.js';

const BASE = '/api/v2/identityproviders';
const PUREENGAGE = `${BASE}/pureengage`;

export interface IdentityProvidersApi {
  /** Every provider of the org (PureEngage and generic ones), as SDK `SAMLProvider` entries. */
  list(): Promise<IdentityProvider[]>;
  /** null when no PureEngage provider is configured. */
  getPureEngage(): Promise<PureEngageProvider | null>;
  /** Creates or replaces the singleton (idempotent). */
  putPureEngage(body: PureEngageProvider): Promise<IdentityProviderRef>;
  /** A 404 (nothing configured) counts as success. */
  deletePureEngage(): Promise<void>;
  /** Creates a generic provider; every call creates another one. */
  createCustom(body: CustomProvider): Promise<CustomProvider>;
  /** null when no generic provider has that id. */
  getCustom(id: string): Promise<CustomProvider | null>;
  /** Replaces the generic provider's whole model. */
  putCustom(id: string, body: CustomProvider): Promise<CustomProvider>;
  /** A 404 (already gone) counts as success. */
  deleteCustom(id: string): Promise<void>;
}

export function identityProvidersApi(api: PlatformApi): IdentityProvidersApi {
  const custom = (id: string) => `${BASE}/${segment(id)}`;
  return {
    async list() {
      const listing = await api.call<EntityListing<IdentityProvider>>('GET', BASE);
      return listing?.entities ?? [];
    },
    getPureEngage: () => api.callOrNull<PureEngageProvider>('GET', PUREENGAGE),
    putPureEngage: (body) => api.call<IdentityProviderRef>('PUT', PUREENGAGE, { body }),
    deletePureEngage: () => api.callIgnoringNotFound('DELETE', PUREENGAGE),
    createCustom: (body) => api.call<CustomProvider>('POST', BASE, { body }),
    getCustom: (id) => api.callOrNull<CustomProvider>('GET', custom(id)),
    putCustom: (id, body) => api.call<CustomProvider>('PUT', custom(id), { body }),
    deleteCustom: (id) => api.callIgnoringNotFound('DELETE', custom(id)),
  };
}
