import type { Route } from '../http/router.js';

export const organizationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/authorization/divisions/home',
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      const d = req.principal.org.homeDivision;
      return {
        status: 200,
        body: {
          id: d.id,
          name: d.name,
          description: d.description,
          homeDivision: true,
          selfUri: `/api/v2/authorization/divisions/${d.id}`,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v2/organizations/me',
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      const org = req.principal.org;
      return {
        status: 200,
        body: {
          id: org.id,
          name: org.name,
          defaultLanguage: 'en-us',
          defaultCountryCode: 'US',
          thirdPartyOrgName: org.thirdPartyOrgName,
          thirdPartyURI: `https://apps.emulator.local/${org.thirdPartyOrgName}`,
          domain: org.thirdPartyOrgName,
          features: {},
          version: org.version,
          state: 'active',
          voicemailEnabled: false,
          productPlatform: 'PureCloud',
          selfUri: `/api/v2/organizations/${org.id}`,
        },
      };
    },
  },
];
