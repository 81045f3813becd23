/** Grants and divisions: `/api/v2/authorization/subjects`, `/api/v2/authorization/divisions`. */
import { segment, type PlatformApi } from './platform-api.js';
import type { AuthzDivision, GrantSubjectType, RoleDivisionGrant } from './types.js';

export interface AuthorizationApi {
  /** Adds role/division grants to a subject (additive; server default subject type is PC_USER). */
  bulkAddGrants(
    subjectId: string,
    grants: RoleDivisionGrant[],
    subjectType?: GrantSubjectType,
  ): Promise<void>;
  /** The org's home division (the default for new users and client-credentials grants). */
  homeDivision(): Promise<AuthzDivision>;
}

export function authorizationApi(api: PlatformApi): AuthorizationApi {
  return {
    async bulkAddGrants(subjectId, grants, subjectType) {
      await api.call<unknown>('POST', `/api/v2/authorization/subjects/${segment(subjectId)}/bulkadd`, {
        query: { subjectType },
        body: { grants },
      });
    },
    homeDivision: () => api.call<AuthzDivision>('GET', '/api/v2/authorization/divisions/home'),
  };
}
