import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { isKnownFlatPermission, unknownPermissionInPolicy } from './catalog.js';
import { newId, newSecret } from './ids.js';
import { readPureEngage } from './routes/identity-providers.js';
import { buildOrg } from './store/org-factory.js';
import { grantEmployeeRole } from './store/user-grants.js';
import type { EmulatorStore } from './store/state.js';
import type { ClientRecord, OrgState, RoleRecord } from './store/types.js';

/**
 * Seed file: orgs and resources loaded at start. An org entry whose `default` is true (or whose
 * thirdPartyOrgName is the default org's) adds to the default org instead of creating another.
 */
const policySchema = z
  .object({
    domain: z.string().min(1),
    entityName: z.string().min(1),
    actionSet: z.array(z.string().min(1)).min(1),
  })
  .strict();

const seedOrgSchema = z
  .object({
    default: z.boolean().optional(),
    id: z.string().optional(),
    name: z.string().min(1).optional(),
    thirdPartyOrgName: z
      .string()
      .regex(/^[a-z0-9-]+$/i, 'letters, digits and hyphens only')
      .optional(),
    adminClient: z
      .object({ id: z.string().min(1), secret: z.string().min(1) })
      .strict()
      .optional(),
    roles: z
      .array(
        z
          .object({
            name: z.string().min(1),
            description: z.string().optional(),
            permissions: z.array(z.string()).optional(),
            permissionPolicies: z.array(policySchema).optional(),
          })
          .strict(),
      )
      .optional(),
    users: z
      .array(
        z
          .object({
            name: z.string().min(1),
            email: z.string().email(),
            state: z.enum(['active', 'inactive', 'deleted']).optional(),
            roles: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    clients: z
      .array(
        z
          .object({
            id: z.string().optional(),
            secret: z.string().optional(),
            name: z.string().min(1),
            description: z.string().optional(),
            authorizedGrantType: z.enum(['CODE', 'TOKEN', 'SAML2-BEARER', 'PASSWORD', 'CLIENT-CREDENTIALS']),
            accessTokenValiditySeconds: z.number().int().min(300).max(172800).optional(),
            registeredRedirectUri: z.array(z.string()).optional(),
            state: z.enum(['active', 'disabled', 'inactive']).optional(),
            roles: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    identityProvider: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const seedFileSchema = z.object({ orgs: z.array(seedOrgSchema) }).strict();
export type SeedFile = z.infer<typeof seedFileSchema>;
type SeedOrg = z.infer<typeof seedOrgSchema>;

export async function readSeedFile(path: string): Promise<SeedFile> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  return parseSeed(raw, path);
}

export function parseSeed(raw: unknown, source = 'seed'): SeedFile {
  const parsed = seedFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function roleByName(org: OrgState, name: string, where: string): RoleRecord {
  const role = org.roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!role) throw new Error(`seed: ${where}: no role named "${name}" in org ${org.thirdPartyOrgName}`);
  return role;
}

function applyToOrg(org: OrgState, seed: SeedOrg, at: string): void {
  for (const r of seed.roles ?? []) {
    for (const p of r.permissionPolicies ?? []) {
      const unknown = unknownPermissionInPolicy(p);
      if (unknown) throw new Error(`seed: role "${r.name}": permission ${unknown} is not in the catalog`);
    }
    for (const p of r.permissions ?? []) {
      if (!isKnownFlatPermission(p))
        throw new Error(`seed: role "${r.name}": permission ${p} is not in the catalog`);
    }
    org.roles.push({
      id: newId(),
      name: r.name,
      description: r.description ?? '',
      permissions: r.permissions ?? [],
      permissionPolicies: r.permissionPolicies ?? [],
      default: false,
      base: false,
      dateCreated: at,
      dateModified: at,
    });
  }
  for (const u of seed.users ?? []) {
    const id = newId();
    org.users.push({
      id,
      name: u.name,
      email: u.email,
      divisionId: org.homeDivision.id,
      state: u.state ?? 'active',
      addresses: [],
      version: 1,
      dateCreated: at,
    });
    grantEmployeeRole(org, id, at);
    for (const name of u.roles ?? []) {
      const roleId = roleByName(org, name, `user ${u.email}`).id;
      if (org.userGrants.some((g) => g.subjectId === id && g.roleId === roleId)) continue;
      org.userGrants.push({ subjectId: id, roleId, divisionId: org.homeDivision.id, grantMadeAt: at });
    }
  }
  for (const c of seed.clients ?? []) {
    const client: ClientRecord = {
      id: c.id ?? newId(),
      secret: c.secret ?? newSecret(),
      name: c.name,
      description: c.description,
      authorizedGrantType: c.authorizedGrantType,
      accessTokenValiditySeconds: c.accessTokenValiditySeconds ?? 86400,
      registeredRedirectUri: c.registeredRedirectUri ?? [],
      scope: [],
      roleDivisions: (c.roles ?? []).map((name) => ({
        roleId: roleByName(org, name, `client ${c.name}`).id,
        divisionId: org.homeDivision.id,
      })),
      state: c.state ?? 'active',
      dateCreated: at,
      dateModified: at,
    };
    org.clients.push(client);
  }
  if (seed.identityProvider) {
    org.identityProvider = readPureEngage(seed.identityProvider, org.identityProvider?.id ?? newId());
  }
}

/** Applies a seed to the store; throws an Error naming the entry when something does not fit. */
export function applySeed(store: EmulatorStore, seed: SeedFile, now: Date): void {
  const at = now.toISOString();
  const defaultOrg = store.defaultOrg();
  for (const s of seed.orgs) {
    const isDefault =
      s.default === true ||
      (s.thirdPartyOrgName !== undefined && s.thirdPartyOrgName === defaultOrg.thirdPartyOrgName);
    if (isDefault) {
      applyToOrg(defaultOrg, s, at);
      continue;
    }
    if (!s.thirdPartyOrgName) throw new Error('seed: every non-default org needs a thirdPartyOrgName');
    if (store.findOrg(s.thirdPartyOrgName))
      throw new Error(`seed: org ${s.thirdPartyOrgName} is defined twice`);
    const { org } = buildOrg({
      id: s.id,
      name: s.name ?? s.thirdPartyOrgName,
      thirdPartyOrgName: s.thirdPartyOrgName,
      adminClientId: s.adminClient?.id,
      adminClientSecret: s.adminClient?.secret,
      now,
    });
    store.addOrg(org);
    applyToOrg(org, s, at);
  }
}
