/** The pure rules behind phase B of issue 10 (decisions/): what preflight demands, what undo sends, what a PUT keeps. */
import { describe, expect, it } from 'vitest';
import { rolesAddedByRun, rolesAfterUndo } from '../../decisions/admin.js';
import type { ResourceDecision } from '../../decisions/changes.js';
import {
  identityProviderBody,
  providerBody,
  restoredProviderBody,
} from '../../decisions/identity-provider.js';
import {
  missingPermissionProblems,
  permissionNeeds,
  roleHoldingProblems,
} from '../../decisions/provisioner.js';
import type { ProvisionerRights } from '../../provisioning/types.js';

const rights = (
  policies: ProvisionerRights['permissionPolicies'],
  roles = ['r-admin'],
): ProvisionerRights => ({
  clientId: 'prov',
  roles: roles.map((id) => ({ id, name: id })),
  permissionPolicies: policies,
  permissions: [],
});

const createClient: ResourceDecision = {
  resource: 'oauth-client',
  name: 'Pacing',
  problems: [],
  changes: [
    {
      resource: 'oauth-client',
      action: 'create',
      name: 'Pacing',
      reasons: [],
      request: {
        name: 'Pacing',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId: 'r-employee', divisionId: 'home' }],
      },
    },
  ],
};

describe('provisioner rights', () => {
  it('needs only what the decided changes and their undos call, and names what is missing per step', () => {
    const held = rights([
      { domain: 'oauth', entityName: '*', actionSet: ['view', 'add', 'edit'] },
      { domain: 'sso', entityName: 'provider', actionSet: ['*'] },
      { domain: 'authorization', entityName: 'role', actionSet: ['view'] },
    ]);
    const problems = missingPermissionProblems(held, permissionNeeds({ admins: [] }, [createClient]));
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^the provisioning client \(prov\) lacks permissions the oauth-client step needs: oauth:client:delete \(undo: delete the client/,
      ),
    ]);
    // Unchanged resources need nothing beyond the reads.
    expect(missingPermissionProblems(held, permissionNeeds({ admins: [] }, []))).toEqual([]);
  });

  it('a legacy flat permission meets an ANY-of need (admin for deleting users)', () => {
    const need = [{ step: 'admin', for: 'undo', anyOf: ['admin', 'directory:user:delete'] }];
    expect(missingPermissionProblems({ ...rights([]), permissions: ['admin'] }, need)).toEqual([]);
    expect(missingPermissionProblems(rights([]), need)).toHaveLength(1);
  });

  it('names each role it would give a client but does not hold', () => {
    const problems = roleHoldingProblems(rights([]), [createClient], new Map([['r-employee', 'employee']]));
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('does not hold role "employee", which it would give OAuth client "Pacing"'),
    ]);
    expect(roleHoldingProblems(rights([], ['r-employee']), [createClient], new Map())).toEqual([]);
  });
});

describe('admin undo', () => {
  it('removes only what the run added, never employee, never to an empty list', () => {
    const target = { roleIds: ['admin', 'employee'], employeeRoleId: 'employee' };
    expect(rolesAddedByRun(null, target)).toEqual(['admin']);
    expect(rolesAfterUndo(['employee', 'admin', 'other'], ['admin'], 'employee')).toEqual([
      'employee',
      'other',
    ]);
    expect(rolesAfterUndo(['admin'], ['admin'], 'employee')).toBeNull();
    expect(rolesAfterUndo(['employee'], ['admin'], 'employee')).toBeNull();
    expect(rolesAddedByRun({ id: 'u', roleIds: ['employee', 'admin'] }, target)).toEqual([]);
  });
});

describe('the PureEngage provider body', () => {
  const current = {
    id: 'pe',
    selfUri: '/x',
    name: 'Old',
    issuerURI: 'urn:pe',
    ssoTargetURI: 'https://old',
    sloBinding: 'HTTP Redirect',
    displayOnLogin: true,
    logoImageData: 'AAAA',
    certificate: 'OLD',
    certificates: ['OLD', 'NEW'],
  };
  const wanted = {
    name: 'PE',
    issuerURI: 'urn:pe',
    ssoTargetURI: 'https://sso',
    autoProvisionUsers: true,
    disabled: false,
  };

  it('keeps every field it is not told to change, and drops the read-only ones', () => {
    expect(providerBody(current, { displayOnLogin: false, sloBinding: undefined })).toEqual({
      name: 'Old',
      issuerURI: 'urn:pe',
      ssoTargetURI: 'https://old',
      displayOnLogin: false,
      logoImageData: 'AAAA',
      certificate: 'OLD',
      certificates: ['OLD', 'NEW'],
    });
  });

  it('provisioning adds its certificate as primary and keeps those trusted; one already trusted is left alone', () => {
    expect(identityProviderBody(wanted, current, 'OURS')).toMatchObject({
      certificate: 'OURS',
      certificates: ['OURS', 'OLD', 'NEW'],
      sloBinding: 'HTTP Redirect',
      logoImageData: 'AAAA',
    });
    expect(identityProviderBody(wanted, current, 'NEW')).toMatchObject({
      certificate: 'OLD',
      certificates: ['OLD', 'NEW'],
    });
  });

  it('undo puts back what provisioning set, clearing what the snapshot lacked, keeping the rest as it is now', () => {
    const before = { name: 'Old', issuerURI: 'urn:pe', ssoTargetURI: 'https://old', certificate: 'OLD' };
    const now = { ...identityProviderBody(wanted, before, 'OURS'), displayOnLogin: true };
    expect(restoredProviderBody(before, now)).toEqual({ ...before, displayOnLogin: true });
  });
});
