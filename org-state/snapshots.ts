/** Converters from API models to the plain snapshot shapes recorded in workflow history. */
import type {
  DomainPermissionPolicy,
  OAuthClient,
  PureEngageProvider,
  UserAuthorization,
} from '../purecloud/types.js';
import type { OAuthClientSnapshot, PermissionPolicy, PureEngageSnapshot } from '../provisioning/types.js';
import type { OAuthClientFields } from '../purecloud/oauth-client-request.js';

/**
 * The snapshot names every field the one PUT body reads (purecloud/oauth-client-request.ts, which names every
 * field of SDK `OAuthClientRequest`: purecloud/sdk-model-contract.ts): a writable field the snapshot lacked
 * would be lost by a widening or restoring PUT. Checked by `npm run typecheck`.
 */
type Assert<T extends true> = T;
type NotInSnapshot = Exclude<keyof OAuthClientFields, keyof OAuthClientSnapshot>;
export type SnapshotCarriesEveryWritableField = Assert<
  [NotInSnapshot] extends [never] ? true : { fieldsTheSnapshotLacks: NotInSnapshot }
>;

/**
 * Every writable field of SDK `OAuthClientRequest` the API returned (purecloud/oauth-client-request.ts builds
 * the PUT body from it, and a PUT replaces the whole client), plus the id. Only configuration: a secret, if
 * the API ever returned one here, must not reach history.
 */
export function toClientSnapshot(client: OAuthClient): OAuthClientSnapshot {
  return {
    id: client.id,
    name: client.name,
    authorizedGrantType: client.authorizedGrantType,
    description: client.description,
    registeredRedirectUri: client.registeredRedirectUri ?? [],
    roleDivisions: (client.roleDivisions ?? []).map((rd) => ({
      roleId: rd.roleId,
      divisionId: rd.divisionId,
    })),
    accessTokenValiditySeconds: client.accessTokenValiditySeconds,
    state: client.state,
    // Absent rather than empty, so snapshots of clients without them stay as they were recorded before.
    ...(client.scope?.length ? { scope: [...client.scope] } : {}),
    ...(client.roleIds?.length ? { roleIds: [...client.roleIds] } : {}),
    ...(client.dateToDelete !== undefined ? { dateToDelete: client.dateToDelete } : {}),
  };
}

/** Policies with their required parts filled in, every other field (conditions, names) kept. */
export function toPermissionPolicies(policies: DomainPermissionPolicy[] | undefined): PermissionPolicy[] {
  return (policies ?? []).map((p) => ({
    ...p,
    domain: p.domain ?? '',
    entityName: p.entityName ?? '*',
    actionSet: p.actionSet ?? [],
  }));
}

/**
 * Every field the API returns but `selfUri` (SDK-DTS `PureEngage` and its generic base: `sloBinding`,
 * `ssoBinding`, `displayOnLogin`, `signAuthnRequests`, `forceAuthn`, `providerName`, `metadataURL`,
 * `logoImageData`, ...): a PUT replaces the whole model, so a body built from the snapshot must lose nothing.
 */
export function toPureEngageSnapshot(p: PureEngageProvider): PureEngageSnapshot {
  const { selfUri: _selfUri, ...fields } = p;
  return JSON.parse(JSON.stringify(fields)) as PureEngageSnapshot;
}

/** Ids of the roles a user holds (`GET /api/v2/users/{id}/roles`), leaving out entries without an id. */
export function userRoleIds(auth: UserAuthorization): string[] {
  return (auth.roles ?? []).flatMap((r) => (r.id ? [r.id] : []));
}
