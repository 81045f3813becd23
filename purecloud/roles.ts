/**
 * Authorization roles: `/api/v2/authorization/roles`. Every read passes `userCount=false`: the SDK
 * (AuthorizationApi.getAuthorizationRole/getAuthorizationRoles, default true) warns that counting "can lead to
 * slower load times or timeouts for role queries with large member counts", and the employee role holds every
 * user of the org. Nothing here needs the count.
 */
import { collectPages } from './paging.js';
import { segment, type PlatformApi } from './platform-api.js';
import type { DomainOrganizationRole, DomainOrganizationRoleUpdate, EntityListing } from './types.js';

const BASE = '/api/v2/authorization/roles';
/** Page size for full walks (Terraform's provider uses the same). */
export const ROLES_PAGE_SIZE = 100;

export interface RoleQuery {
  /** Server-side name search; may match partially, and is eventually consistent after a rename or create. */
  name?: string;
  /** e.g. `['employee']`; sent as repeated `defaultRoleId` parameters. */
  defaultRoleId?: string[];
}

export interface RolesApi {
  list(
    query?: RoleQuery & { pageSize?: number; pageNumber?: number },
  ): Promise<EntityListing<DomainOrganizationRole>>;
  /** All pages, `ROLES_PAGE_SIZE` at a time. */
  listAll(query?: RoleQuery): Promise<DomainOrganizationRole[]>;
  /** null when the role does not exist. */
  get(id: string): Promise<DomainOrganizationRole | null>;
  /** The role whose name equals `name` exactly (case-sensitive), or null. */
  findByName(name: string): Promise<DomainOrganizationRole | null>;
  /** Replaces the role's whole permission set. */
  update(id: string, body: DomainOrganizationRoleUpdate): Promise<DomainOrganizationRole>;
  /**
   * Ids of the users holding the role, all pages (SDK AuthorizationApi `getAuthorizationRoleUsers`:
   * `GET /api/v2/authorization/roles/{roleId}/users`, a `UserReferenceEntityListing` of `{ id, selfUri }`).
   */
  listUserIds(id: string): Promise<string[]>;
}

export function rolesApi(api: PlatformApi): RolesApi {
  const list: RolesApi['list'] = (query = {}) =>
    api.call<EntityListing<DomainOrganizationRole>>('GET', BASE, {
      query: {
        pageSize: query.pageSize,
        pageNumber: query.pageNumber,
        name: query.name,
        defaultRoleId: query.defaultRoleId?.length ? query.defaultRoleId : undefined,
        userCount: false,
      },
    });
  const listAll: RolesApi['listAll'] = (query = {}) =>
    collectPages(ROLES_PAGE_SIZE, (pageNumber) => list({ ...query, pageSize: ROLES_PAGE_SIZE, pageNumber }));

  return {
    list,
    listAll,
    get: (id) =>
      api.callOrNull<DomainOrganizationRole>('GET', `${BASE}/${segment(id)}`, {
        query: { userCount: false },
      }),
    async findByName(name) {
      const candidates = await listAll({ name });
      return candidates.find((role) => role.name === name) ?? null;
    },
    update: (id, body) => api.call<DomainOrganizationRole>('PUT', `${BASE}/${segment(id)}`, { body }),
    async listUserIds(id) {
      const users = await collectPages(ROLES_PAGE_SIZE, (pageNumber) =>
        api.call<EntityListing<{ id?: string }>>('GET', `${BASE}/${segment(id)}/users`, {
          query: { pageSize: ROLES_PAGE_SIZE, pageNumber },
        }),
      );
      return users.flatMap((user) => (user.id ? [user.id] : []));
    },
  };
}
