import { describe, expect, it } from 'vitest';
import {
  addPermissions,
  missingPermissions,
  parsePermission,
  removePermissions,
} from '../../../provisioning/permission-policies.js';
import type { PermissionPolicy } from '../../../provisioning/types.js';

const employee: PermissionPolicy[] = [
  { domain: 'directory', entityName: 'user', actionSet: ['view'] },
  { domain: 'journey', entityName: 'event', actionSet: ['view'] },
  { domain: 'analytics', entityName: '*', actionSet: ['*'] },
];

describe('permission policies', () => {
  it('rejects a permission that is not domain:entity:action', () => {
    expect(() => parsePermission('journey:view')).toThrow(/domain:entity:action/);
    expect(() => parsePermission('journey::view')).toThrow(/domain:entity:action/);
  });

  it('counts wildcard entity and action sets as granting', () => {
    expect(missingPermissions(employee, ['analytics:conversationDetail:view', 'journey:event:view'])).toEqual([]);
  });

  it('does not count a conditional policy as granting the permission', () => {
    const conditional: PermissionPolicy[] = [
      { domain: 'journey', entityName: 'visit', actionSet: ['view'], resourceConditionNode: { variableName: 'x' } },
    ];
    expect(missingPermissions(conditional, ['journey:visit:view'])).toEqual(['journey:visit:view']);
  });

  it('adds only what is missing and keeps every policy the role had', () => {
    const merged = addPermissions(employee, ['journey:event:view', 'journey:visit:view', 'journey:event:edit']);
    expect(merged).toContainEqual({ domain: 'directory', entityName: 'user', actionSet: ['view'] });
    expect(merged).toContainEqual({ domain: 'journey', entityName: 'event', actionSet: ['view', 'edit'] });
    expect(merged).toContainEqual({ domain: 'journey', entityName: 'visit', actionSet: ['view'] });
    expect(merged).toHaveLength(4);
    expect(employee[1]!.actionSet).toEqual(['view']); // input untouched
  });

  it('removing what was added gives back the original policy set', () => {
    const added = missingPermissions(employee, ['journey:event:view', 'journey:visit:view', 'journey:event:edit']);
    expect(added).toEqual(['journey:visit:view', 'journey:event:edit']);
    expect(removePermissions(addPermissions(employee, added), added)).toEqual(employee);
  });
});
