import { describe, expect, it } from 'vitest';
import {
  ALTOCLOUD_DOMAIN,
  ALTOCLOUD_PERMISSIONS,
  PERMISSION_PATTERN,
} from '../../spec/altocloud-permissions.js';

describe('ALTOCLOUD_PERMISSIONS', () => {
  it('holds only distinct, well-formed view permissions of the journey domain', () => {
    expect(new Set(ALTOCLOUD_PERMISSIONS).size).toBe(ALTOCLOUD_PERMISSIONS.length);
    for (const permission of ALTOCLOUD_PERMISSIONS) {
      expect(permission).toMatch(PERMISSION_PATTERN);
      expect(permission.startsWith(`${ALTOCLOUD_DOMAIN}:`)).toBe(true);
      expect(permission.endsWith(':view')).toBe(true);
    }
  });

  it('includes the agent-side trio the journey map needs', () => {
    expect(ALTOCLOUD_PERMISSIONS).toEqual(
      expect.arrayContaining(['journey:customer:view', 'journey:event:view', 'journey:visit:view']),
    );
  });

  it('cannot be changed at run time', () => {
    expect(() => (ALTOCLOUD_PERMISSIONS as string[]).push('journey:report:view')).toThrow(TypeError);
  });
});
