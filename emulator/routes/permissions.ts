import { catalogDomains, domainPermissionMap, type CatalogPermission } from '../catalog.js';
import { invalidField } from '../errors.js';
import type { Route } from '../http/router.js';
import { listing, readPage } from './paging.js';

const BASE = '/api/v2/authorization/permissions';

interface DomainPermissionCollection {
  id: string;
  name: string;
  domain: string;
  permissionMap: Record<string, CatalogPermission[]>;
}

/**
 * `queryType=domain`: `query` is a CSV of domain names. `queryType=permission`: `query` is a CSV of
 * substrings matched against `domain:entity:action`; the permission maps are cut down to the matches.
 */
function filterCatalog(queryType: string | null, query: string | null): DomainPermissionCollection[] {
  const terms = (query ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const all = catalogDomains().map((domain) => ({
    id: domain,
    name: domain,
    domain,
    permissionMap: domainPermissionMap(domain),
  }));
  if (terms.length === 0) return all;
  if (queryType === null || queryType === 'domain')
    return all.filter((c) => terms.includes(c.domain.toLowerCase()));
  if (queryType !== 'permission') {
    throw invalidField(
      'queryType',
      `queryType must be domain or permission (got "${queryType}")`,
      'invalid.query.param.value',
    );
  }
  return all
    .map((c) => {
      const permissionMap: Record<string, CatalogPermission[]> = {};
      for (const [entity, perms] of Object.entries(c.permissionMap)) {
        const kept = perms.filter((p) =>
          terms.some((t) => `${p.domain}:${p.entityType}:${p.action}`.toLowerCase().includes(t)),
        );
        if (kept.length > 0) permissionMap[entity] = kept;
      }
      return { ...c, permissionMap };
    })
    .filter((c) => Object.keys(c.permissionMap).length > 0);
}

export const permissionRoutes: Route[] = [
  {
    method: 'GET',
    path: BASE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      const page = readPage(req.query);
      const entities = filterCatalog(req.query.get('queryType'), req.query.get('query'));
      return { status: 200, body: listing(entities, page, BASE) };
    },
  },
];
