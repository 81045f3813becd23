/**
 * A type-level contract between our hand-written models (./types.ts, ./users.ts) and the official SDK's
 * TypeScript models (`Models.*` in node_modules/purecloud-platform-client-v2/index.d.ts, generated from the
 * real API's OpenAPI definition). It is checked by `npm run typecheck` and emits nothing: the import is
 * type-only, so the SDK (a dev dependency) is never loaded at run time.
 *
 * - A request type we send must be assignable to the SDK's request model, and name no field the model lacks:
 *   a misspelt or invented field, a required field we made optional, or a wrong value type fails.
 * - A response type we read must name only fields of the SDK's response model, each with a type the SDK's
 *   accepts (ours may be narrower: the SDK types enums as plain `string`).
 * Limit: the SDK's index.d.ts types enum values as `string` (e.g. `authorizedGrantType`, `state`), so a
 * drifting enum value cannot be caught here; the values are pinned by tests against the documented lists
 * instead (emulator/README.md).
 */
import type { Models } from 'purecloud-platform-client-v2';
import type { OAuthClientFields } from './oauth-client-request.js';
import type * as Ours from './types.js';
import type { UserSearchRequest } from './users.js';

/** Keys declared by name, without index signatures (`[extra: string]: unknown`). */
type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};

/** `true`, or an object type naming what is wrong (shown in the compiler's error). */
type NoUnknownFields<O, S> = [Exclude<KnownKeys<O>, keyof S>] extends [never]
  ? true
  : { fieldsTheSdkModelLacks: Exclude<KnownKeys<O>, keyof S> };

/** A request body we send fits the SDK model: assignable, and no field the model lacks. */
type Sendable<O, S> = [O] extends [S] ? NoUnknownFields<O, S> : { notAssignableToTheSdkModel: O };

/** Fields whose type is unrelated to the SDK's (neither is assignable to the other). */
type MismatchedFields<O, S> = {
  [K in KnownKeys<O> & keyof S]: NonNullable<O[K]> extends NonNullable<S[K]>
    ? never
    : NonNullable<S[K]> extends NonNullable<O[K]>
      ? never
      : K;
}[KnownKeys<O> & keyof S];

/** Each field we read exists in the SDK model with a compatible type (ours may be narrower). */
type Readable<O, S> =
  NoUnknownFields<O, S> extends true
    ? [MismatchedFields<O, S>] extends [never]
      ? true
      : { fieldsWithAnotherType: MismatchedFields<O, S> }
    : NoUnknownFields<O, S>;

type Assert<T extends true> = T;

/** `true` when `O` names every field of the SDK model `S`: nothing the API would take is left behind. */
type CoversEveryField<O, S> = [Exclude<keyof S, KnownKeys<O>>] extends [never]
  ? true
  : { fieldsWeDoNotCarry: Exclude<keyof S, KnownKeys<O>> };

// ── Requests we send ─────────────────────────────────────────────────────────────────────────────────────
export type SdkContractRequests = [
  Assert<Sendable<Ours.OAuthClientRequest, Models.OAuthClientRequest>>,
  Assert<Sendable<Ours.RoleDivision, Models.RoleDivision>>,
  Assert<Sendable<Ours.PureEngageProvider, Models.PureEngage>>,
  Assert<Sendable<Ours.CustomProvider, Models.CustomProvider>>,
  Assert<Sendable<Ours.DomainOrganizationRoleUpdate, Models.DomainOrganizationRoleUpdate>>,
  Assert<Sendable<Ours.DomainPermissionPolicy, Models.DomainPermissionPolicy>>,
  Assert<Sendable<Ours.CreateUser, Models.CreateUser>>,
  Assert<Sendable<Ours.UpdateUser, Models.UpdateUser>>,
  Assert<Sendable<Ours.Contact, Models.Contact>>,
  Assert<Sendable<Ours.RoleDivisionGrant, Models.RoleDivision>>,
  Assert<Sendable<UserSearchRequest, Models.UserSearchRequest>>,
];

// ── Responses we read ────────────────────────────────────────────────────────────────────────────────────
export type SdkContractResponses = [
  Assert<Readable<Ours.OAuthClient, Models.OAuthClient>>,
  Assert<Readable<Ours.IdentityProvider, Models.SAMLProvider>>,
  Assert<Readable<Ours.PureEngageProvider, Models.PureEngage>>,
  Assert<Readable<Ours.CustomProvider, Models.CustomProvider>>,
  Assert<Readable<Ours.IdentityProviderRef, Models.IdentityProvider>>,
  Assert<Readable<Ours.DomainOrganizationRole, Models.DomainOrganizationRole>>,
  Assert<Readable<Ours.DomainPermissionCollection, Models.DomainPermissionCollection>>,
  Assert<Readable<Ours.DomainPermission, Models.DomainPermission>>,
  Assert<Readable<Ours.User, Models.User>>,
  Assert<Readable<Ours.UserAuthorization, Models.UserAuthorization>>,
  Assert<Readable<Ours.DomainRole, Models.DomainRole>>,
  Assert<Readable<Ours.AuthzDivision, Models.AuthzDivision>>,
  Assert<Readable<Ours.Organization, Models.Organization>>,
  Assert<Readable<Ours.EntityListing<unknown>, Models.OAuthClientEntityListing>>,
  Assert<Readable<OAuthClientFields, Models.OAuthClient>>,
];

// ── Whole-object PUTs ────────────────────────────────────────────────────────────────────────────────────
// A PUT replaces the whole client, so the one body builder (./oauth-client-request.ts) must carry every field of
// the SDK's request model. This checks NAMES only: the builder's input type, `OAuthClientFields`, names every
// field of the model, so a field the SDK adds fails here until it is named (and org-state/snapshots.ts checks
// that the snapshot in history names every field of `OAuthClientFields`). That `toOAuthClientRequest` COPIES each
// one into the body is a runtime fact, pinned by test/unit/purecloud/oauth-client-request-sdk.test.ts.
export type SdkContractWholeObjects = [
  Assert<CoversEveryField<OAuthClientFields, Models.OAuthClientRequest>>,
];
