/**
 * spec-from-org, the pure rule of `hybrid import`: which clients, grants, journey roles and provider fields go
 * into the spec, what is left out and said, and that the spec it writes passes the real loader and plans (with
 * the real decisions) to no change against the very state it came from.
 */
import { describe, expect, it } from 'vitest';
import { decideOrg } from '../../../decisions/org.js';
import { ImportError, specFromOrg, type OrgForImport } from '../../../import/spec-from-org.js';
import { toProvisionInput } from '../../../provisioning/spec-to-input.js';
import type { OAuthClientSnapshot, OrgState, RoleSnapshot } from '../../../provisioning/types.js';
import { ALTOCLOUD_PERMISSIONS } from '../../../spec/altocloud-permissions.js';
import { parseSpec } from '../../../spec/load.js';

const HOME = 'home-division';
const target = {
  org: 'acme',
  environment: 'mypurecloud.ie',
  clientId: 'env:ID',
  clientSecret: 'env:SECRET',
  keyPassword: 'env:HYBRID_KEY_PASSWORD',
};
const selection = { clients: 'all' as const, provisioningClientId: 'provisioner' };

const journeyCatalog = [...ALTOCLOUD_PERMISSIONS, 'journey:report:view', 'journey:segment:edit'].sort();

function role(id: string, name: string, permissions: string[]): RoleSnapshot {
  return {
    id,
    name,
    permissionPolicies: permissions.map((p) => {
      const [domain = '', entityName = '', action = ''] = p.split(':');
      return { domain, entityName, actionSet: [action] };
    }),
  };
}

function client(id: string, name: string, fields: Partial<OAuthClientSnapshot>): OAuthClientSnapshot {
  return {
    id,
    name,
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    registeredRedirectUri: [],
    roleDivisions: [],
    ...fields,
  };
}

const desktop = client('c-desktop', 'Desktop', {
  authorizedGrantType: 'SAML2BEARER',
  scope: ['openid'],
  registeredRedirectUri: ['https://apps.mypurecloud.ie'],
  description: '[hybrid-provisioner run=r1]',
  state: 'active',
});

function orgWith(
  clients: OAuthClientSnapshot[],
  roles: RoleSnapshot[] = [role('r-employee', 'employee', [...ALTOCLOUD_PERMISSIONS])],
): OrgForImport {
  const byName: Record<string, OAuthClientSnapshot[]> = {};
  for (const c of clients) (byName[c.name] ??= []).push(c);
  const state: OrgState = {
    orgId: 'org-1',
    thirdPartyOrgName: 'acme',
    homeDivision: { id: HOME, name: 'Home' },
    roles: Object.fromEntries(roles.map((r) => [r.name, r])),
    permissionsNotInCatalog: [],
    oauthClients: byName,
    identityProviders: [{ id: 'pe', name: 'PureEngage', issuerURI: 'urn:acme:pe' }],
    pureEngage: {
      id: 'pe',
      name: 'PureEngage',
      issuerURI: 'urn:acme:pe',
      ssoTargetURI: 'https://pe.acme.example/sso',
      autoProvisionUsers: true,
    },
    users: {},
    bundle: { dir: '/bundle', missing: [], certificateBody: null },
  };
  return { state, journeyCatalog, admins: [] };
}

/** What the real loader makes of the YAML, planned by the real decisions against the same state. */
function planned(org: OrgForImport, yaml: string) {
  return decideOrg(toProvisionInput(parseSpec(yaml)), org.state)
    .filter((d) => d.resource !== 'certificate' && d.resource !== 'identity-provider')
    .flatMap((d) => [...d.changes.map((c) => c.reasons.join('; ')), ...d.problems.map((p) => p.message)]);
}

describe('specFromOrg', () => {
  it('writes each grant type, strips run markers, leaves out the provisioning client and inactive ones', () => {
    const org = orgWith([
      desktop,
      client('provisioner', 'Provisioner', { roleDivisions: [{ roleId: 'r-employee', divisionId: HOME }] }),
      client('c-svc', 'Service', {
        roleDivisions: [
          { roleId: 'r-employee', divisionId: HOME },
          { roleId: 'r-employee', divisionId: 'other-division' },
        ],
        accessTokenValiditySeconds: 600,
      }),
      client('c-all', 'All Divisions', { roleDivisions: [{ roleId: 'r-employee', divisionId: '*' }] }),
      client('c-off', 'Off', {
        state: 'inactive',
        roleDivisions: [{ roleId: 'r-employee', divisionId: HOME }],
      }),
      client('c-code', 'Portal', {
        authorizedGrantType: 'CODE',
        registeredRedirectUri: ['http://insecure.example.com'],
      }),
    ]);
    const { spec, yaml, notes } = specFromOrg(org, target, selection);
    expect(spec.oauthClients).toEqual([
      { name: 'All Divisions', grantType: 'CLIENT-CREDENTIALS', roles: ['employee'], division: '*' },
      { name: 'Desktop', grantType: 'SAML2-BEARER', redirectUris: ['https://apps.mypurecloud.ie'] },
      {
        name: 'Service',
        grantType: 'CLIENT-CREDENTIALS',
        roles: ['employee'],
        accessTokenValiditySeconds: 600,
      },
    ]);
    expect(notes).toEqual([
      'OAuth client "Off" (c-off) is not imported: it is inactive; provisioning would make it active',
      'OAuth client "Portal" (c-code) is not imported: grant type CODE needs an https redirect URI and it has none',
    ]);
    expect(yaml).toContain('# also holds role "employee" in division other-division (kept as it is)');
    expect(yaml).toContain('# scopes: openid (the spec has no field for scopes; kept as they are)');
    expect(yaml).not.toContain('Provisioner');
    expect(planned(org, yaml)).toEqual([]);
  });

  it('refuses without exactly one SAML2-BEARER client, naming --clients when there are several', () => {
    expect(() => specFromOrg(orgWith([]), target, selection)).toThrow(/found none/);
    const twice = orgWith([desktop, { ...desktop, id: 'c-2', name: 'Desktop 2' }]);
    expect(() => specFromOrg(twice, target, selection)).toThrow(
      expect.objectContaining({
        flag: '--clients',
        message: expect.stringMatching(/found 2: "Desktop", "Desktop 2"/),
      }),
    );
    expect(
      specFromOrg(twice, target, { ...selection, clients: ['Desktop 2'] }).spec.oauthClients,
    ).toHaveLength(1);
  });

  it('leaves out clients whose names the spec cannot hold', () => {
    const org = orgWith([
      desktop,
      client('c-a', 'Twin', { roleDivisions: [{ roleId: 'r-employee', divisionId: HOME }] }),
      client('c-b', 'twin', { roleDivisions: [{ roleId: 'r-employee', divisionId: HOME }] }),
      client('c-c', ' Padded', { roleDivisions: [{ roleId: 'r-employee', divisionId: HOME }] }),
    ]);
    const { spec, notes } = specFromOrg(org, target, selection);
    expect(spec.oauthClients.map((c) => c.name)).toEqual(['Desktop']);
    expect(notes).toHaveLength(3);
  });

  it('takes the default journey set when an agent role holds it, and leaves administrators out', () => {
    const org = orgWith(
      [desktop],
      [
        role('r-employee', 'employee', [...ALTOCLOUD_PERMISSIONS, 'journey:report:view']),
        role('r-agent', 'Agent', [...ALTOCLOUD_PERMISSIONS]),
        role('r-sup', 'Supervisor', ['journey:report:view']),
        role('r-admin', 'Admin', journeyCatalog),
      ],
    );
    const { spec, yaml } = specFromOrg(org, target, selection);
    expect(spec.altocloud).toEqual({ roles: ['Agent', 'employee'] });
    expect(yaml).toContain('# employee also holds journey:report:view (kept as it is)');
    expect(yaml).toContain('# Supervisor holds only journey:report:view (kept as it is)');
    expect(yaml).toContain('# Admin holds every journey permission (an administrator role)');
    expect(planned(org, yaml)).toEqual([]);
  });

  it('takes the largest set an agent role holds when none holds the default set', () => {
    const org = orgWith(
      [desktop],
      [
        // Part of the default set (spec/altocloud-permissions.ts), so no role holds all of it.
        role('r-a', 'Agents', ['journey:event:view', 'journey:session:view']),
        role('r-b', 'Segmenters', ['journey:segment:edit']),
      ],
    );
    const { spec, yaml } = specFromOrg(org, target, selection);
    expect(spec.altocloud).toEqual({
      roles: ['Agents'],
      permissions: ['journey:event:view', 'journey:session:view'],
    });
    expect(planned(org, yaml)).toEqual([]);
    expect(specFromOrg(orgWith([desktop], []), target, selection).spec.altocloud).toEqual({ roles: [] });
  });

  it('writes the provider as it is, switches included', () => {
    const org = orgWith([desktop]);
    org.state.pureEngage = {
      ...org.state.pureEngage,
      name: 'PE',
      sloURI: 'https://pe.acme.example/slo',
      autoProvisionUsers: undefined,
      disabled: true,
    };
    expect(specFromOrg(org, target, selection).spec.identityProvider).toEqual({
      name: 'PE',
      issuerURI: 'urn:acme:pe',
      ssoTargetURI: 'https://pe.acme.example/sso',
      sloURI: 'https://pe.acme.example/slo',
      autoProvisionUsers: false,
      disabled: true,
    });
    org.state.pureEngage = null;
    expect(() => specFromOrg(org, target, selection)).toThrow(ImportError);
    expect(() => specFromOrg(org, target, selection)).toThrow(/no PureEngage identity provider/);
  });

  it('writes references and the output folder as given, and the plan notes in its header', () => {
    const org = orgWith([desktop]);
    const { yaml } = specFromOrg(org, { ...target, output: '/srv/bundle' }, selection, [
      'create certificate "/srv/bundle": x',
    ]);
    expect(yaml).toMatch(/^ {2}clientSecret: env:SECRET$/m);
    expect(yaml).toMatch(/^ {2}password: env:HYBRID_KEY_PASSWORD$/m);
    expect(yaml).toMatch(/^output: \/srv\/bundle$/m);
    expect(yaml).toMatch(/^# Planning this spec against the org would still:\n# {3}create certificate/m);
  });
});
