/**
 * The permission catalog every emulated org shares, and the default roles a new org starts with.
 * A permission is `domain:entity:action`; role policies may use `*` for the entity or the action.
 */

export interface PermissionPolicy {
  domain: string;
  entityName: string;
  actionSet: string[];
  policyName?: string;
  policyDescription?: string;
  namedResources?: string[];
  allowConditions?: boolean;
  resourceConditionNode?: unknown;
}

type Catalog = Record<string, Record<string, readonly string[]>>;

const CRUD = ['add', 'delete', 'edit', 'view'] as const;

/**
 * Domains the provisioning flow touches, plus the neighbours a real org shows next to them so that catalog
 * listings and wildcard policies behave realistically. `journey` follows reference §9: the SDK-documented
 * permissions plus the help-centre ones (customer/visit/report views).
 */
export const PERMISSION_CATALOG: Catalog = {
  analytics: {
    conversationDetail: ['view'],
    conversationAggregate: ['view'],
    userObservation: ['view'],
  },
  authorization: {
    role: CRUD,
    grant: ['add', 'delete', 'view'],
    division: CRUD,
    orgTrusteeUser: ['add', 'delete', 'view'],
  },
  conversation: { communication: ['view', 'transfer'], call: ['add', 'record'] },
  directory: {
    user: [...CRUD, 'setPassword'],
    organization: ['admin', 'edit'],
    group: CRUD,
  },
  integrations: { integration: CRUD, action: ['add', 'delete', 'edit', 'execute', 'view'] },
  journey: {
    actionmap: CRUD,
    actiontarget: ['edit', 'view'],
    actiontemplate: CRUD,
    segment: CRUD,
    outcome: CRUD,
    outcomepredictor: ['add', 'delete', 'view'],
    session: ['view'],
    event: ['view'],
    eventDefinition: ['view'],
    outcomescores: ['view'],
    customer: ['view'],
    visit: ['view'],
    report: ['view'],
  },
  oauth: { client: CRUD, token: ['delete'] },
  organization: { profile: ['view', 'edit'], limits: ['view'] },
  routing: { queue: CRUD, skill: ['manage'], wrapupCode: ['view'] },
  sso: { provider: CRUD },
  // The OAuth client usage query and its results: "Requires ANY permissions: oauth:client:view, usage:client:view"
  // (platform-client-sdk-javascript docs/UsageApi.md, getOauthClientUsageQueryResult).
  usage: { client: ['view'] },
  user_profile: { profile: ['view', 'edit'] },
};

// `admin` is the legacy flat permission the reference lists for user deletion; it has no entity/action.
export const LEGACY_FLAT_PERMISSIONS = ['admin'] as const;

/** Human label for the catalog listing, e.g. `journey:actionmap:view` → "View Actionmap". */
function label(entity: string, action: string): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `${cap(action)} ${cap(entity)}`;
}

export interface CatalogPermission {
  domain: string;
  entityType: string;
  action: string;
  label: string;
  allowsConditions: boolean;
  divisionAware: boolean;
}

const DIVISION_AWARE = new Set([
  'routing:queue',
  'directory:user',
  'journey:actionmap',
  'integrations:action',
]);

/** All permissions of a domain as the catalog listing shows them, grouped by entity type. */
export function domainPermissionMap(domain: string): Record<string, CatalogPermission[]> {
  const map: Record<string, CatalogPermission[]> = {};
  for (const [entityType, actions] of Object.entries(PERMISSION_CATALOG[domain] ?? {})) {
    map[entityType] = actions.map((action) => ({
      domain,
      entityType,
      action,
      label: label(entityType, action),
      allowsConditions: false,
      divisionAware: DIVISION_AWARE.has(`${domain}:${entityType}`),
    }));
  }
  return map;
}

export function catalogDomains(): string[] {
  return Object.keys(PERMISSION_CATALOG).sort();
}

/** Every concrete permission string of the catalog, sorted. */
export function allPermissions(): string[] {
  const out: string[] = [...LEGACY_FLAT_PERMISSIONS];
  for (const [domain, entities] of Object.entries(PERMISSION_CATALOG)) {
    for (const [entity, actions] of Object.entries(entities)) {
      for (const action of actions) out.push(`${domain}:${entity}:${action}`);
    }
  }
  return out.sort();
}

/**
 * Returns the first permission a policy names that the catalog lacks (as `domain:entity:action`), or undefined.
 * `*` as entity matches any entity of the domain; `*` as action matches any action of the entity.
 */
export function unknownPermissionInPolicy(policy: PermissionPolicy): string | undefined {
  const entities = PERMISSION_CATALOG[policy.domain];
  if (!entities) return `${policy.domain}:${policy.entityName}:*`;
  const candidates =
    policy.entityName === '*' ? Object.values(entities).flat() : (entities[policy.entityName] ?? undefined);
  if (candidates === undefined) return `${policy.domain}:${policy.entityName}:${policy.actionSet[0] ?? '*'}`;
  for (const action of policy.actionSet) {
    if (action !== '*' && !candidates.includes(action))
      return `${policy.domain}:${policy.entityName}:${action}`;
  }
  return undefined;
}

export function isKnownFlatPermission(permission: string): boolean {
  if ((LEGACY_FLAT_PERMISSIONS as readonly string[]).includes(permission)) return true;
  const [domain, entity, action, ...rest] = permission.split(':');
  if (rest.length > 0 || !domain || !entity || !action) return false;
  return unknownPermissionInPolicy({ domain, entityName: entity, actionSet: [action] }) === undefined;
}

/** A permission `domain:entity:action` split into its parts (missing parts are undefined). */
export interface PermissionParts {
  domain: string;
  entity: string | undefined;
  action: string | undefined;
}

export function permissionParts(permission: string): PermissionParts {
  const [domain, entity, action] = permission.split(':');
  return { domain: domain as string, entity, action };
}

/** Does this policy grant `domain:entity:action`? Handles `*` in entityName and actionSet. */
export function policyGrants(policy: PermissionPolicy, permission: string): boolean {
  return policyGrantsParts(policy, permissionParts(permission));
}

/**
 * policyGrants for a permission split once: a permission check tries every policy of every role the caller
 * holds (the Admin role alone has one per catalog domain), and splitting the permission anew for each was a
 * measurable share of every request (bench:emulator).
 */
export function policyGrantsParts(
  policy: PermissionPolicy,
  { domain, entity, action }: PermissionParts,
): boolean {
  if (policy.domain !== domain && policy.domain !== '*') return false;
  if (policy.entityName !== '*' && policy.entityName !== entity) return false;
  return policy.actionSet.includes('*') || (action !== undefined && policy.actionSet.includes(action));
}

/** Expands policies into the concrete catalog permissions they grant (for UserAuthorization.permissions). */
export function expandPolicies(policies: PermissionPolicy[], flat: string[] = []): string[] {
  const granted = new Set(flat);
  for (const permission of allPermissions()) {
    if (policies.some((p) => policyGrants(p, permission))) granted.add(permission);
  }
  return [...granted].sort();
}

export interface DefaultRoleDefinition {
  defaultRoleId: string;
  name: string;
  description: string;
  permissions: string[];
  permissionPolicies: PermissionPolicy[];
}

function policy(domain: string, entityName: string, actionSet: string[]): PermissionPolicy {
  return { domain, entityName, actionSet, policyName: `${domain}:${entityName}` };
}

/**
 * Default roles of a fresh org. Admin holds every domain with `*`/`*` (and the legacy `admin` flat permission);
 * the others carry plausible, narrower policy sets (their real content is unconfirmed, reference §9).
 */
export function defaultRoleDefinitions(): DefaultRoleDefinition[] {
  return [
    {
      defaultRoleId: 'admin',
      name: 'Admin',
      description: 'Full administrative access to every permission of the organization',
      permissions: ['admin'],
      permissionPolicies: catalogDomains().map((d) => policy(d, '*', ['*'])),
    },
    {
      defaultRoleId: 'employee',
      name: 'employee',
      description: 'Default role assigned to every user of the organization',
      permissions: [],
      permissionPolicies: [
        policy('analytics', 'userObservation', ['view']),
        policy('conversation', 'communication', ['view']),
        policy('directory', 'group', ['view']),
        policy('directory', 'user', ['view']),
        policy('user_profile', 'profile', ['view']),
      ],
    },
    {
      defaultRoleId: 'aiAgent',
      name: 'AI Agent',
      description: 'Gives agents access to AI services such as Predictive Engagement (Altocloud)',
      permissions: [],
      permissionPolicies: [
        policy('journey', 'actionmap', ['view']),
        policy('journey', 'actiontarget', ['view']),
        policy('journey', 'customer', ['view']),
        policy('journey', 'event', ['view']),
        policy('journey', 'session', ['view']),
        policy('journey', 'visit', ['view']),
      ],
    },
    {
      defaultRoleId: 'supervisor',
      name: 'Supervisor',
      description: 'Monitors queues and agents',
      permissions: [],
      permissionPolicies: [
        policy('analytics', '*', ['view']),
        policy('routing', 'queue', ['view']),
        policy('directory', 'user', ['view']),
        policy('journey', 'report', ['view']),
      ],
    },
    {
      defaultRoleId: 'developer',
      name: 'Developer',
      description: 'Manages OAuth clients and integrations',
      permissions: [],
      permissionPolicies: [
        policy('oauth', 'client', ['*']),
        policy('integrations', '*', ['*']),
        policy('authorization', 'role', ['view']),
      ],
    },
  ];
}
