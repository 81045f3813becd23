import { describe, expect, it } from 'vitest';
import {
  ALTOCLOUD_DOMAIN,
  ALTOCLOUD_PERMISSIONS,
  PERMISSION_PATTERN,
} from '../../spec/altocloud-permissions.js';
import { allPermissions } from '../../emulator/catalog.js';

describe('ALTOCLOUD_PERMISSIONS', () => {
  it('holds only distinct, well-formed view permissions of the journey domain', () => {
    expect(new Set(ALTOCLOUD_PERMISSIONS).size).toBe(ALTOCLOUD_PERMISSIONS.length);
    for (const permission of ALTOCLOUD_PERMISSIONS) {
      expect(permission).toMatch(PERMISSION_PATTERN);
      expect(permission.startsWith(`${ALTOCLOUD_DOMAIN}:`)).toBe(true);
      expect(permission.endsWith(':view')).toBe(true);
    }
  });

  it('holds only permissions the SDK documents (JSDOC JourneyApi "Requires ANY permissions"), and the catalog has them', () => {
    // Reference genesys-cloud-api.md §9: the journey permissions of the SDK's documented lists.
    const documented = [
      'journey:session:view',
      'journey:event:view',
      'journey:actionmap:view',
      'journey:actiontarget:view',
      'journey:segment:view',
      'journey:outcome:view',
      'journey:outcomepredictor:view',
      'journey:actiontemplate:view',
      'journey:eventDefinition:view',
      'journey:outcomescores:view',
    ];
    for (const permission of ALTOCLOUD_PERMISSIONS) expect(documented).toContain(permission);
    expect(ALTOCLOUD_PERMISSIONS).not.toContain('journey:customer:view');
    expect(ALTOCLOUD_PERMISSIONS).not.toContain('journey:visit:view');
    expect(allPermissions()).toEqual(expect.arrayContaining([...ALTOCLOUD_PERMISSIONS, ...documented]));
  });

  it('cannot be changed at run time', () => {
    expect(() => (ALTOCLOUD_PERMISSIONS as string[]).push('journey:report:view')).toThrow(TypeError);
  });
});
