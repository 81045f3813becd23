/**
 * What a spec may do only when the person running the command says so on the command line.
 *
 * A spec is input, not a licence: it can come from a ticket, a repository or a colleague. Two of its fields decide
 * where this tool sends credentials and writes secrets, so a spec alone may not point them anywhere: credentials
 * go to a Genesys Cloud region or the local emulator unless a flag names the other host, and files go under the
 * spec's folder unless the path is absolute (plainly visible) or a flag allows it.
 */
import path from 'node:path';
import { isEnvironmentUrl, regionHostOfUrl } from './environment.js';

export interface SpecTrust {
  /** The one custom https base URL the credentials may be sent to (`--allow-custom-environment URL`). */
  customEnvironment?: string;
  /** A relative `output` may leave the spec's folder (`--allow-output-outside-spec`). */
  outputOutsideSpecFolder?: boolean;
}

export interface TrustIssue {
  field: 'environment' | 'output';
  message: string;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `environment` (already normalised by the schema: a region host, or a loopback http / any https URL). */
function environmentIssue(environment: string, trust: SpecTrust): string | undefined {
  if (!isEnvironmentUrl(environment)) return undefined;
  const url = new URL(environment);
  if (url.protocol === 'http:') return undefined; // the schema allowed plain http only on loopback
  if (regionHostOfUrl(environment) !== undefined) return undefined;
  const named = trust.customEnvironment;
  if (named !== undefined && withoutTrailingSlash(named).toLowerCase() === environment.toLowerCase()) {
    return undefined;
  }
  return (
    `${environment} is not a Genesys Cloud region, and the credentials would be sent there; use a region host ` +
    `such as mypurecloud.com, or if you trust that host pass --allow-custom-environment ${environment}`
  );
}

/** `output` as written (before it is resolved against `baseDir`, the spec's folder). */
function outputIssue(output: string, baseDir: string, trust: SpecTrust): string | undefined {
  if (path.isAbsolute(output) || trust.outputOutsideSpecFolder) return undefined;
  const relative = path.relative(baseDir, path.resolve(baseDir, output));
  if (relative !== '..' && !relative.startsWith(`..${path.sep}`)) return undefined;
  return (
    `${output} leaves the spec's folder, and secrets are written there; write an absolute path ` +
    `(${path.resolve(baseDir, output)}) or pass --allow-output-outside-spec`
  );
}

/** Every field the spec sets beyond what it may without a flag; empty when none. */
export function trustIssues(
  spec: { environment: string; output: string },
  baseDir: string,
  trust: SpecTrust,
): TrustIssue[] {
  const issues: TrustIssue[] = [];
  const environment = environmentIssue(spec.environment, trust);
  if (environment !== undefined) issues.push({ field: 'environment', message: environment });
  const output = outputIssue(spec.output, baseDir, trust);
  if (output !== undefined) issues.push({ field: 'output', message: output });
  return issues;
}
