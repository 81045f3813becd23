/**
 * After many runs at once: did each org end up as one run should leave it? Retried attempts whose first attempt
 * kept running (a timed-out activity is not stopped in the worker) could create a second OAuth client or user,
 * or leave a certificate on disk that is not the one the identity provider trusts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FILE_NAMES } from '../../certificate/artifacts.js';
import type { OrgStateDump } from '../../emulator/store/dump.js';
import type { ProvisionInput } from '../../provisioning/types.js';

const derBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

/** The problems found in one org, as sentences; empty when it is as one run leaves it. */
export async function orgProblems(input: ProvisionInput, state: OrgStateDump): Promise<string[]> {
  const problems: string[] = [];
  for (const wanted of input.oauthClients) {
    const n = state.clients.filter((c) => c.name === wanted.name).length;
    if (n !== 1) problems.push(`${n} OAuth clients named "${wanted.name}"`);
  }
  for (const admin of input.admins) {
    const n = state.users.filter((u) => u.email.toLowerCase() === admin.email.toLowerCase()).length;
    if (n !== 1) problems.push(`${n} users with email ${admin.email}`);
  }
  const idp = state.identityProvider as { certificate?: string } | null;
  let onDisk: string | undefined;
  try {
    onDisk = derBody(await readFile(join(input.outputDir, BUNDLE_FILE_NAMES.cert), 'utf8'));
  } catch {
    problems.push('no cert.pem in the output directory');
  }
  if (onDisk !== undefined && (!idp?.certificate || derBody(idp.certificate) !== onDisk)) {
    problems.push("the identity provider's certificate is not the cert.pem on disk");
  }
  return problems;
}
