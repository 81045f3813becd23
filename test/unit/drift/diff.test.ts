import { describe, expect, it } from 'vitest';
import { diffOrg, hasDrift } from '../../../drift/diff.js';
import { formatPlan } from '../../../drift/format.js';
import type { OrgState } from '../../../provisioning/types.js';
import type { ProvisionInput } from '../../../provisioning/types.js';
import { needsRemediation, verificationMemo } from '../../../verification/summary.js';
import { driftCheck, worstStatus } from '../../../verification/checks.js';

const CERT = 'MIIBcert';
const JOURNEY = ['journey:action:view', 'journey:session:view'];

function input(): ProvisionInput {
  return {
    org: 'acme',
    target: { environment: 'http://127.0.0.1:1', clientId: { value: 'id' }, clientSecret: { value: 's' } },
    oauthClients: [
      { name: 'WDE', grantType: 'SAML2-BEARER', redirectUris: ['https://a.example.com'], roles: [] },
      { name: 'Pacing', grantType: 'CLIENT-CREDENTIALS', redirectUris: [], roles: ['employee'] },
    ],
    certificate: { options: {} as ProvisionInput['certificate']['options'], password: { value: 'pw' } },
    identityProvider: {
      name: 'PureEngage',
      issuerURI: 'http://www.genesys.com/pureengage/acme',
      ssoTargetURI: 'https://sso.example.com',
      autoProvisionUsers: true,
      disabled: false,
    },
    altocloud: { roles: ['employee'], permissions: JOURNEY },
    admins: [{ name: 'Jane', email: 'jane@acme.example.com', roles: ['Admin'] }],
    onExisting: 'adopt',
    outputDir: '/out/acme',
  };
}

/** The org exactly as provisioning leaves it. */
function provisioned(): OrgState {
  return {
    orgId: 'org-1',
    thirdPartyOrgName: 'acme',
    homeDivision: { id: 'home-id', name: 'Home' },
    permissionsNotInCatalog: [],
    roles: {
      employee: {
        id: 'role-emp',
        name: 'employee',
        permissionPolicies: [{ domain: 'journey', entityName: '*', actionSet: ['view'] }],
      },
      Admin: { id: 'role-admin', name: 'Admin', permissionPolicies: [] },
    },
    oauthClients: {
      WDE: [
        {
          id: 'c1',
          name: 'WDE',
          authorizedGrantType: 'SAML2BEARER',
          registeredRedirectUri: ['https://a.example.com', 'https://extra.example.com'],
          roleDivisions: [],
          state: 'active',
        },
      ],
      Pacing: [
        {
          id: 'c2',
          name: 'Pacing',
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          registeredRedirectUri: [],
          roleDivisions: [{ roleId: 'role-emp', divisionId: 'home-id' }],
          state: 'active',
        },
      ],
    },
    identityProviders: [
      { id: 'idp-1', name: 'PureEngage', issuerURI: 'http://www.genesys.com/pureengage/acme' },
    ],
    pureEngage: {
      id: 'idp-1',
      name: 'PureEngage',
      issuerURI: 'http://www.genesys.com/pureengage/acme',
      ssoTargetURI: 'https://sso.example.com',
      certificates: [`-----BEGIN CERTIFICATE-----\n${CERT}\n-----END CERTIFICATE-----`],
      autoProvisionUsers: true,
      disabled: false,
    },
    users: { 'jane@acme.example.com': { id: 'u1', roleIds: ['role-admin', 'role-other'] } },
    bundle: { dir: '/out/acme', missing: [], certificateBody: CERT },
  };
}

const changed = (state: OrgState) => diffOrg(input(), state).filter((i) => i.action !== 'none');

describe('diffOrg', () => {
  it('finds nothing to do on an org provisioning left as the spec wants, extra URIs and roles included', () => {
    const items = diffOrg(input(), provisioned());
    expect(items.map((i) => `${i.kind}:${i.name}:${i.action}`)).toEqual([
      'certificate:/out/acme:none',
      'oauth-client:WDE:none',
      'oauth-client:Pacing:none',
      'role-permissions:employee:none',
      'admin:jane@acme.example.com:none',
      'identity-provider:PureEngage:none',
    ]);
    expect(hasDrift(items)).toBe(false);
  });

  it('lists every resource as a create on an empty org', () => {
    const empty: OrgState = {
      ...provisioned(),
      oauthClients: { WDE: [], Pacing: [] },
      identityProviders: [],
      pureEngage: null,
      users: { 'jane@acme.example.com': null },
      bundle: {
        dir: '/out/acme',
        missing: ['cert.pem', 'cert.pem.b64', 'key.pem.enc', 'key.pem.enc.b64'],
        certificateBody: null,
      },
    };
    expect(changed(empty).map((i) => `${i.kind}:${i.action}`)).toEqual([
      'certificate:create',
      'oauth-client:create',
      'oauth-client:create',
      'admin:create',
      'identity-provider:create',
    ]);
  });

  it('reports a missing redirect URI, a lost role, an inactive state and another grant type of an OAuth client', () => {
    const state = provisioned();
    state.oauthClients['WDE']![0]!.registeredRedirectUri = ['https://other.example.com'];
    state.oauthClients['Pacing']![0]!.roleDivisions = [];
    state.oauthClients['Pacing']![0]!.state = 'inactive';
    state.oauthClients['Pacing']![0]!.authorizedGrantType = 'CODE';
    const [wde, pacing] = changed(state);
    expect(wde).toEqual({
      kind: 'oauth-client',
      name: 'WDE',
      action: 'change',
      details: ['redirect URIs lack "https://a.example.com"'],
    });
    // The grant type cannot change in place: the preflight's refusal, listed after what would change.
    expect(pacing!.details).toEqual([
      'state is inactive, not active',
      'roles lack "employee"',
      'oauthClients "Pacing": a client of that name exists with grant type CODE, not CLIENT-CREDENTIALS; rename one of them',
    ]);
  });

  it("reports a spec'd OAuth client scheduled for deletion, naming the date, though nothing else differs", () => {
    const state = provisioned();
    state.oauthClients['Pacing']![0]!.dateToDelete = '2031-01-01T00:00:00.000Z';
    expect(changed(state)).toEqual([
      {
        kind: 'oauth-client',
        name: 'Pacing',
        action: 'change',
        details: [
          'scheduled for deletion on 2031-01-01T00:00:00.000Z (dateToDelete); the update calls the deletion off',
        ],
      },
    ]);
  });

  it('refuses to add a role to a client holding its roles only as legacy roleIds, naming the client and the fix', () => {
    const state = provisioned();
    const pacing = state.oauthClients['Pacing']![0]!;
    pacing.roleDivisions = [];
    pacing.roleIds = ['role-admin'];
    expect(changed(state)).toEqual([
      {
        kind: 'oauth-client',
        name: 'Pacing',
        action: 'change',
        details: [
          'roles lack "employee" (not added: it holds its roles only as legacy roleIds)',
          'oauthClients "Pacing": client c2 holds its roles ("Admin") only as the deprecated roleIds, in no division; ' +
            'adding roles would replace them. In Genesys Cloud (Admin > Integrations > OAuth > Edit Application, help p=188025) save its roles again ' +
            'with a division each, then run again',
        ],
      },
    ]);
  });

  it('leaves a client alone whose legacy roleIds already hold every role the spec wants', () => {
    const state = provisioned();
    const pacing = state.oauthClients['Pacing']![0]!;
    const wantedRoleIds = pacing.roleDivisions.map((rd) => rd.roleId);
    pacing.roleDivisions = [];
    pacing.roleIds = [...wantedRoleIds, 'role-admin'];
    expect(changed(state)).toEqual([]);
  });

  it('reports every identity provider field that differs, and a certificate that is not the local one', () => {
    const state = provisioned();
    state.pureEngage = {
      ...state.pureEngage!,
      issuerURI: 'http://evil.example.com',
      autoProvisionUsers: false,
      disabled: true,
      certificates: ['OTHER'],
    };
    expect(changed(state)).toEqual([
      {
        kind: 'identity-provider',
        name: 'PureEngage',
        action: 'change',
        details: [
          'issuerURI is "http://evil.example.com", not "http://www.genesys.com/pureengage/acme"',
          'autoProvisionUsers is false, not true',
          'disabled is true, not false',
          'its certificates do not include the provisioned signing certificate',
        ],
      },
    ]);
  });

  it('says provisioning would upload a new certificate when the local bundle is gone', () => {
    const state = provisioned();
    state.bundle = {
      dir: '/out/acme',
      missing: ['cert.pem', 'cert.pem.b64', 'key.pem.enc', 'key.pem.enc.b64'],
      certificateBody: null,
    };
    expect(changed(state).map((i) => `${i.kind}:${i.action}`)).toEqual([
      'certificate:create',
      'identity-provider:change',
    ]);
  });

  it('names the Altocloud permissions a role lacks, ignoring conditional policies', () => {
    const state = provisioned();
    state.roles['employee']!.permissionPolicies = [
      { domain: 'journey', entityName: 'action', actionSet: ['view'] },
      {
        domain: 'journey',
        entityName: 'session',
        actionSet: ['view'],
        resourceConditionNode: { variableName: 'x' },
      },
    ];
    expect(changed(state)).toEqual([
      {
        kind: 'role-permissions',
        name: 'employee',
        action: 'change',
        details: [
          'lacks journey:session:view',
          'note: granting journey permissions licenses Predictive Engagement for every user who holds "employee" ' +
            '(Genesys help: Altocloud permissions overview)',
        ],
      },
    ]);
  });

  it('reports an admin who lost a role, and a role the org does not have', () => {
    const state = provisioned();
    state.users['jane@acme.example.com'] = { id: 'u1', roleIds: ['role-other'] };
    expect(changed(state)[0]!.details).toEqual(['lacks role "Admin"']);
    state.roles['Admin'] = null;
    expect(changed(state).find((i) => i.kind === 'admin')!.details).toEqual([
      'role "Admin" does not exist in the org (check the role names in the spec)',
    ]);
  });

  it('prints a plan with one line per resource and a summary', () => {
    const state = provisioned();
    state.pureEngage = null;
    const text = formatPlan('acme', diffOrg(input(), state));
    expect(text).toContain('+ identity-provider PureEngage: create');
    expect(text).toContain('= oauth-client WDE: up to date');
    expect(text).toMatch(/1 to create, 0 to change, 5 up to date\.$/);
    expect(formatPlan('acme', diffOrg(input(), provisioned()))).toMatch(/Nothing to do/);
  });
});

describe('verification summary', () => {
  it('fails drifted items, asks for remediation only for drift, and keeps the memo short', () => {
    const state = provisioned();
    state.users['jane@acme.example.com'] = null;
    const checks = [
      ...diffOrg(input(), state).map(driftCheck),
      { name: 'certificate:expiry', status: 'warn' as const, details: [] },
    ];
    const report = {
      org: 'acme',
      checkedAt: '2026-01-01T00:00:00.000Z',
      status: worstStatus(checks),
      checks,
    };
    expect(report.status).toBe('fail');
    expect(needsRemediation(report)).toBe(true);
    expect(verificationMemo(report)).toEqual({
      status: 'fail',
      checkedAt: '2026-01-01T00:00:00.000Z',
      counts: '5 ok, 1 warn, 1 fail',
      notOk: ['fail: admin:jane@acme.example.com', 'warn: certificate:expiry'],
    });
    const expiryOnly = {
      ...report,
      checks: [{ name: 'certificate:expiry', status: 'fail' as const, details: [] }],
    };
    expect(needsRemediation(expiryOnly)).toBe(false);
  });
});

describe('the provisioning client in the plan', () => {
  // The preflight refuses when the provisioning client would give a client a role it does not hold itself; the
  // plan must say so too, or it promises a run that the preflight then refuses.
  function lackingEmployee(holdsEmployee: boolean): OrgState {
    const state = provisioned();
    state.oauthClients['Pacing'] = []; // to be created, with the employee role
    state.provisioner = {
      clientId: 'provisioner-1',
      roles: [
        { id: 'role-admin', name: 'Admin' },
        ...(holdsEmployee ? [{ id: 'role-emp', name: 'employee' }] : []),
      ],
      permissionPolicies: [{ domain: '*', entityName: '*', actionSet: ['*'] }],
      permissions: [],
    };
    return state;
  }
  const employeeDetails = (items: ReturnType<typeof diffOrg>) =>
    items
      .filter((i) => i.kind === 'provisioning-client')
      .flatMap((i) => i.details.filter((d) => /employee/.test(d)));

  it('names a role the run would give a client that the provisioning client does not hold', () => {
    const items = diffOrg(input(), lackingEmployee(false));
    expect(employeeDetails(items)).not.toEqual([]);
    expect(items.find((i) => i.kind === 'provisioning-client')).toMatchObject({
      name: 'provisioner-1',
      action: 'change',
    });
  });

  it('says nothing of the role once the provisioning client holds it', () => {
    expect(employeeDetails(diffOrg(input(), lackingEmployee(true)))).toEqual([]);
  });
});
