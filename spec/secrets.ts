import { readSecretFile, secretFileProblem, type SecretRef } from '../secrets/secret-ref.js';
import { SpecError, type SpecIssue } from './errors.js';
import type { ProvisioningSpec } from './schema.js';

/** Where secrets are read from; injectable so tests (and dry runs) need neither real variables nor files. */
export interface SecretSources {
  env?: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => Promise<string>;
}

export interface ResolvedSpecSecrets {
  clientId: string;
  clientSecret: string;
  keyPassword: string;
}

type Resolution = { ok: true; value: string } | { ok: false; problem: string };

/**
 * Same rules as `secrets/secret-ref.ts#resolveSecret` (unset or empty variable, unreadable or empty file, one
 * trailing newline dropped), but over injectable sources and returning the problem instead of throwing, so
 * every missing secret can be reported at once.
 */
async function resolveRef(ref: SecretRef, sources: Required<SecretSources>): Promise<Resolution> {
  if ('value' in ref) {
    return ref.value === ''
      ? { ok: false, problem: 'is empty; write the value' }
      : { ok: true, value: ref.value };
  }
  if ('env' in ref) {
    const value = sources.env[ref.env];
    if (value === undefined || value.trim() === '') {
      const state = value === undefined ? 'not set' : 'empty';
      return {
        ok: false,
        problem: `environment variable ${ref.env} is ${state}; export ${ref.env}=... before running, or use file:PATH`,
      };
    }
    return { ok: true, value };
  }
  let content: string;
  try {
    content = await sources.readFile(ref.file);
  } catch (error) {
    return {
      ok: false,
      problem: `file ${ref.file} ${secretFileProblem(error)}; point it at a regular file holding only the secret, or use env:NAME`,
    };
  }
  const value = content.replace(/\r?\n$/, '');
  if (value.trim() === '')
    return { ok: false, problem: `file ${ref.file} is empty; write the secret into it` };
  return { ok: true, value };
}

/**
 * Resolves the spec's three secrets, checking all of them before failing: one `SpecError` lists every secret that
 * cannot be read, with its field and the fix. Values never appear in the error, only variable names and paths.
 */
export async function resolveSpecSecrets(
  spec: Pick<ProvisioningSpec, 'credentials' | 'certificate'>,
  sources: SecretSources = {},
): Promise<ResolvedSpecSecrets> {
  const from: Required<SecretSources> = {
    env: sources.env ?? process.env,
    readFile: sources.readFile ?? readSecretFile,
  };
  const wanted = {
    clientId: { field: 'credentials.clientId', ref: spec.credentials.clientId },
    clientSecret: { field: 'credentials.clientSecret', ref: spec.credentials.clientSecret },
    keyPassword: { field: 'certificate.password', ref: spec.certificate.password },
  };
  const entries = Object.entries(wanted) as [keyof ResolvedSpecSecrets, { field: string; ref: SecretRef }][];
  const results = await Promise.all(
    entries.map(async ([name, { ref }]) => [name, await resolveRef(ref, from)] as const),
  );

  const issues: SpecIssue[] = [];
  const resolved: Partial<ResolvedSpecSecrets> = {};
  for (const [name, result] of results) {
    if (result.ok) resolved[name] = result.value;
    else issues.push({ path: wanted[name].field, message: result.problem });
  }
  if (issues.length > 0) {
    const summary =
      issues.length === 1 ? 'a secret of the spec cannot be read' : 'secrets of the spec cannot be read';
    throw new SpecError('secrets', issues, summary);
  }
  return resolved as ResolvedSpecSecrets;
}
