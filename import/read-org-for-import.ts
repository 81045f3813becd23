/**
 * Reads an org for `hybrid import`. The org reader (org-state/read-org-state.ts) reads what a spec names; an
 * import has no spec yet, so this lists what exists (clients, roles, journey permissions, the Admin role's
 * holders), then reads all of it through that same reader: the spec is built from the very state `plan`
 * judges, and the import's own check that planning changes nothing uses it too. Reads only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FILE_NAMES } from '../certificate/artifacts.js';
import { encryptedKeyFormat } from '../certificate/existing-bundle.js';
import { readOrgState, readPermissionCatalog, type OrgStateQuery } from '../org-state/read-org-state.js';
import { toPermissionPolicies } from '../org-state/snapshots.js';
import type { GenesysClient } from '../purecloud/index.js';
import type { DomainOrganizationRole } from '../purecloud/types.js';
import { ADMIN_ROLE } from '../spec/schema.js';
import {
  ImportError,
  isJourneyPermission,
  journeyPermissionsHeld,
  type OrgForImport,
} from './spec-from-org.js';

/** `--admins`: nobody, every holder of the Admin role, or the holders with these emails. */
export type AdminChoice = 'none' | 'all' | readonly string[];

export interface ImportReadOptions {
  admins: AdminChoice;
  /** Where the certificate bundle to adopt is (or would be). */
  outputDir: string;
}

type Person = OrgForImport['admins'][number];

/** The users holding the Admin role, as `--admins` chooses them; an email that holds no Admin is refused. */
async function adminsToImport(
  genesys: GenesysClient,
  roles: readonly DomainOrganizationRole[],
  choice: AdminChoice,
): Promise<Person[]> {
  if (choice === 'none') return [];
  const role = roles.find((r) => r.name === ADMIN_ROLE);
  const holders: Person[] = [];
  for (const id of role ? await genesys.roles.listUserIds(role.id) : []) {
    const user = await genesys.users.get(id);
    if (user?.email) holders.push({ name: user.name?.trim() || user.email, email: user.email });
  }
  holders.sort((a, b) => a.email.localeCompare(b.email));
  if (choice === 'all') return holders;
  return choice.map((email) => {
    const holder = holders.find((h) => h.email.toLowerCase() === email.toLowerCase());
    if (!holder) {
      throw new ImportError(
        `--admins: ${email} is not a user holding the ${ADMIN_ROLE} role in the org; ` +
          'name holders of that role, or use --admins all or none',
        '--admins',
      );
    }
    return holder;
  });
}

/** The key format of the bundle's `key.pem.enc`, when the file is there. */
async function bundleKeyFormat(outputDir: string): Promise<OrgForImport['bundleKeyFormat']> {
  const pem = await readFile(join(outputDir, BUNDLE_FILE_NAMES.key), 'utf8').catch(() => undefined);
  return pem === undefined ? undefined : encryptedKeyFormat(pem);
}

export async function readOrgForImport(
  genesys: GenesysClient,
  options: ImportReadOptions,
): Promise<OrgForImport> {
  const [clients, roles, catalog] = await Promise.all([
    genesys.oauthClients.list(),
    genesys.roles.listAll(),
    readPermissionCatalog(genesys),
  ]);
  const live = clients.filter((c) => c.state !== 'deleted');
  const journeyCatalog = catalog.filter(isJourneyPermission).sort();
  const admins = await adminsToImport(genesys, roles, options.admins);

  // The roles that matter: granted to a client, holding journey permissions, or the admins' role.
  const roleName = new Map(roles.map((r) => [r.id, r.name]));
  const granted = live.flatMap((c) =>
    (c.roleDivisions ?? []).map((rd) => roleName.get(rd.roleId) ?? []).flat(),
  );
  const journeyRoles = roles
    .filter(
      (r) => journeyPermissionsHeld(toPermissionPolicies(r.permissionPolicies), journeyCatalog).length > 0,
    )
    .map((r) => r.name);
  const query: OrgStateQuery = {
    oauthClients: [...new Set(live.map((c) => c.name))].map((name) => ({ name, roles: [] })),
    altocloud: { roles: [...new Set([...granted, ...journeyRoles])], permissions: journeyCatalog },
    admins: admins.map((a) => ({ email: a.email, roles: [ADMIN_ROLE] })),
    outputDir: options.outputDir,
  };
  const [state, keyFormat] = await Promise.all([
    readOrgState(genesys, query),
    bundleKeyFormat(options.outputDir),
  ]);
  return {
    state,
    journeyCatalog,
    admins,
    ...(keyFormat ? { bundleKeyFormat: keyFormat } : {}),
  };
}
