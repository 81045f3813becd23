/** The permission catalogue: `/api/v2/authorization/permissions`. */
import { collectPages } from './paging.js';
import type { PlatformApi } from './platform-api.js';
import type { DomainPermissionCollection, EntityListing } from './types.js';

const BASE = '/api/v2/authorization/permissions';
const PAGE_SIZE = 100;

export interface PermissionsApi {
  /** Every permission domain of the org, all pages. */
  listAll(): Promise<DomainPermissionCollection[]>;
}

export function permissionsApi(api: PlatformApi): PermissionsApi {
  return {
    listAll: () =>
      collectPages(PAGE_SIZE, (pageNumber) =>
        api.call<EntityListing<DomainPermissionCollection>>('GET', BASE, {
          query: { pageSize: PAGE_SIZE, pageNumber },
        }),
      ),
  };
}
