import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server.js';
import { adminSession, rejection, withEmulator, type SdkSession } from './sdk.js';

let emulator: RunningEmulator;
let admin: SdkSession;

beforeAll(async () => {
  emulator = await withEmulator();
  admin = await adminSession(emulator);
});
afterAll(() => emulator.close());

describe('roles through the official SDK', () => {
  it('ships the default roles Admin, employee and AI Agent with realistic policies', async () => {
    const all = await admin.authorization.getAuthorizationRoles({ pageSize: 100 });
    const names = all.entities?.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['Admin', 'employee', 'AI Agent']));
    const adminRole = all.entities?.find((r) => r.defaultRoleId === 'admin');
    expect(adminRole?.permissionPolicies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ domain: 'journey', entityName: '*', actionSet: ['*'] }),
      ]),
    );
    const aiAgent = all.entities?.find((r) => r.name === 'AI Agent');
    expect(aiAgent?.permissionPolicies?.map((p) => `${p.domain}:${p.entityName}`)).toEqual(
      expect.arrayContaining(['journey:customer', 'journey:event', 'journey:visit']),
    );
  });

  it('filters by name, defaultRoleId and permission and pages with the listing fields', async () => {
    const employee = await admin.authorization.getAuthorizationRoles({ defaultRoleId: ['employee'] });
    expect(employee.entities?.map((r) => r.name)).toEqual(['employee']);
    const byName = await admin.authorization.getAuthorizationRoles({ name: 'AI Agent' });
    expect(byName.entities?.map((r) => r.name)).toEqual(['AI Agent']);
    const byPermission = await admin.authorization.getAuthorizationRoles({
      permission: ['journey:visit:view'],
    });
    expect(byPermission.entities?.map((r) => r.name).sort()).toEqual(['AI Agent', 'Admin']);
    const page = await admin.authorization.getAuthorizationRoles({ pageSize: 2, pageNumber: 2 });
    expect(page).toMatchObject({ pageSize: 2, pageNumber: 2, total: 5, pageCount: 3 });
    expect(page.entities).toHaveLength(2);
    expect(page.previousUri).toBe('/api/v2/authorization/roles?pageSize=2&pageNumber=1');
    expect(page.nextUri).toBe('/api/v2/authorization/roles?pageSize=2&pageNumber=3');
  });

  it('creates a role, replaces its whole policy set on PUT, and reads it back', async () => {
    const created = await admin.authorization.postAuthorizationRoles({
      name: 'Hybrid integration',
      permissionPolicies: [
        { domain: 'journey', entityName: 'actionmap', actionSet: ['view', 'edit'] },
        { domain: 'sso', entityName: 'provider', actionSet: ['*'] },
      ],
    });
    expect(created).toMatchObject({ name: 'Hybrid integration', default: false, userCount: 0 });
    const updated = await admin.authorization.putAuthorizationRole(created.id as string, {
      name: 'Hybrid integration',
      permissionPolicies: [{ domain: 'journey', entityName: 'report', actionSet: ['view'] }],
    });
    expect(updated.permissionPolicies?.map((p) => [p.domain, p.entityName, p.actionSet])).toEqual([
      ['journey', 'report', ['view']],
    ]);
    const read = await admin.authorization.getAuthorizationRole(created.id as string);
    expect(read.permissionPolicies).toEqual(updated.permissionPolicies);
  });

  it('refuses a policy outside the catalog with 400 naming the permission', async () => {
    const role = (await admin.authorization.getAuthorizationRoles({ name: 'AI Agent' })).entities?.[0];
    const err = await rejection(
      admin.authorization.putAuthorizationRole(role?.id as string, {
        name: 'AI Agent',
        permissionPolicies: [{ domain: 'journey', entityName: 'customer', actionSet: ['view', 'teleport'] }],
      }),
    );
    expect(err).toMatchObject({ status: 400, code: 'invalid.value' });
    expect(err.message).toContain('journey:customer:teleport');
    const unchanged = await admin.authorization.getAuthorizationRole(role?.id as string);
    expect(unchanged.permissionPolicies).toEqual(role?.permissionPolicies);
  });

  it('refuses renaming a default role and a duplicate role name', async () => {
    const employee = (await admin.authorization.getAuthorizationRoles({ defaultRoleId: ['employee'] }))
      .entities?.[0];
    const renamed = await rejection(
      admin.authorization.putAuthorizationRole(employee?.id as string, { name: 'staff' }),
    );
    expect(renamed).toMatchObject({ status: 400 });
    expect(renamed.message).toContain('cannot be changed');
    expect(await rejection(admin.authorization.postAuthorizationRoles({ name: 'ai agent' }))).toMatchObject({
      status: 409,
      code: 'general.conflict',
    });
  });

  it('answers 404 not.found for an unknown role id', async () => {
    expect(await rejection(admin.authorization.getAuthorizationRole('nope'))).toMatchObject({
      status: 404,
      code: 'not.found',
    });
  });
});

describe('permission catalog', () => {
  it('pages the catalog and includes the journey domain with the SDK and help-centre permissions', async () => {
    const first = await admin.authorization.getAuthorizationPermissions({ pageSize: 5, pageNumber: 1 });
    expect(first.pageCount).toBeGreaterThan(1);
    expect(first.entities).toHaveLength(5);
    const journey = await admin.authorization.getAuthorizationPermissions({
      queryType: 'domain',
      query: 'journey',
    });
    const map = journey.entities?.[0]?.permissionMap ?? {};
    const perms = Object.values(map)
      .flat()
      .map((p) => `${p.domain}:${p.entityType}:${p.action}`);
    expect(perms).toEqual(
      expect.arrayContaining([
        'journey:actionmap:add',
        'journey:actiontarget:edit',
        'journey:outcomepredictor:delete',
        'journey:eventDefinition:view',
        'journey:customer:view',
        'journey:event:view',
        'journey:visit:view',
        'journey:report:view',
      ]),
    );
  });

  it('filters by permission substring', async () => {
    const res = await admin.authorization.getAuthorizationPermissions({
      queryType: 'permission',
      query: 'oauth:client',
    });
    expect(res.entities?.map((e) => e.domain)).toEqual(['oauth']);
    expect(Object.keys(res.entities?.[0]?.permissionMap ?? {})).toEqual(['client']);
  });
});

describe('catalog coverage', () => {
  it('contains every permission an emulated operation checks', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { isKnownFlatPermission } = await import('../../emulator/catalog.js');
    const dir = new URL('../../emulator/routes/', import.meta.url);
    const checked = new Set<string>();
    for (const file of await readdir(dir)) {
      const source = await readFile(new URL(file, dir), 'utf8');
      for (const call of source.matchAll(/require(?:Any|All)\(req\.principal,([^)]*)\)/g)) {
        for (const m of (call[1] ?? '').matchAll(/'([^']+)'/g)) checked.add(m[1] as string);
      }
    }
    expect(checked.size).toBeGreaterThan(15);
    expect([...checked].filter((p) => !isKnownFlatPermission(p))).toEqual([]);
  });
});
