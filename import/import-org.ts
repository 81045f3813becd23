/**
 * `hybrid import`: read an org, write the spec that describes it, and check that spec the way `plan` would:
 * the real loader parses the YAML, and the decisions judge it against the state it was built from. Whatever
 * planning would still change or refuse comes back as a note (the spec is still the org as far as a spec can
 * say it). Reads only; secrets are resolved here to log in and never written anywhere.
 */
import { allProblems, decideOrg } from '../decisions/org.js';
import { toProvisionInput } from '../provisioning/spec-to-input.js';
import type { OrgState } from '../provisioning/types.js';
import { createGenesysClient } from '../purecloud/index.js';
import { describeSecretRef, resolveSecret, type SecretRef } from '../secrets/secret-ref.js';
import { SpecError } from '../spec/errors.js';
import { parseSpec } from '../spec/load.js';
import { readOrgForImport, type AdminChoice } from './read-org-for-import.js';
import { ImportError, specFromOrg, type ImportedSpec } from './spec-from-org.js';

export interface ImportRequest {
  org: string;
  /** Normalised as the spec's `environment` is. */
  environment: string;
  /** `file:` paths absolute: the spec may be written anywhere. */
  clientId: SecretRef;
  clientSecret: SecretRef;
  keyPassword: SecretRef;
  /** Absolute folder of a certificate bundle to adopt. */
  output?: string;
  /** Where the bundle is looked for without `output`: the spec's default `./out/<org>` (absolute). */
  defaultOutput: string;
  admins: AdminChoice;
  clients: 'all' | readonly string[];
}

/** A reference as the spec writes it; a client id given inline is not a secret and stays inline. */
function asSpecText(ref: SecretRef): string {
  return 'value' in ref ? ref.value : describeSecretRef(ref);
}

/** What planning the spec against the state it came from would do, one line per change or problem. */
function planNotes(imported: ImportedSpec, state: OrgState): string[] {
  let spec;
  try {
    spec = parseSpec(imported.yaml);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    throw new ImportError(`the org cannot be written as a valid spec: ${error.message}`);
  }
  const decisions = decideOrg(toProvisionInput(spec), state);
  const changes = decisions.flatMap((d) =>
    d.changes.map((c) => `${c.action} ${d.resource} "${d.name}": ${c.reasons.join('; ')}`),
  );
  const problems = allProblems(decisions).map((p) => `refuse: ${p.message}`);
  return [...changes, ...problems];
}

export interface ImportResult extends ImportedSpec {
  /** What planning the spec would still change or refuse, one line each (`create certificate ...`). */
  planNotes: string[];
}

export async function importOrg(request: ImportRequest): Promise<ImportResult> {
  const clientId = await resolveSecret(request.clientId, '--client-id');
  const genesys = createGenesysClient({
    environment: request.environment,
    clientId,
    clientSecret: await resolveSecret(request.clientSecret, '--client-secret'),
  });
  try {
    const org = await readOrgForImport(genesys, {
      admins: request.admins,
      outputDir: request.output ?? request.defaultOutput,
    });
    const target = {
      org: request.org,
      environment: request.environment,
      clientId: asSpecText(request.clientId),
      clientSecret: asSpecText(request.clientSecret),
      keyPassword: asSpecText(request.keyPassword),
      output: request.output,
    };
    const selection = { clients: request.clients, provisioningClientId: clientId };
    const first = specFromOrg(org, target, selection);
    const notes = planNotes(first, org.state);
    const imported = notes.length === 0 ? first : specFromOrg(org, target, selection, notes);
    return { ...imported, planNotes: notes };
  } finally {
    await genesys.close();
  }
}
