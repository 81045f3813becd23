import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SecretRef } from '../secrets/secret-ref.js';
import { describeBytes, readRegularFile, UnreadableFileError } from '../text/read-regular-file.js';
import { SpecError, formatSpecPath, type SpecIssue } from './errors.js';
import { toRawSpecIssues } from './issues.js';
import { provisioningSpecSchema, type ProvisioningSpec } from './schema.js';
import { trustIssues, type SpecTrust } from './trust.js';

export type { SpecTrust };

export interface ParseSpecOptions extends SpecTrust {
  /**
   * The file the text came from, as the user named it: it labels messages, and relative paths in the spec
   * (`output`, `file:` secrets) are resolved from its folder. Without it: labelled `spec`, resolved from the cwd.
   */
  sourcePath?: string;
}

/** Most YAML errors are plain sentences; a few append the offending source text, which may be a secret. */
function describeYamlError(message: string): string {
  const sentence = message.split(/: /)[0] ?? message;
  return sentence.length > 160 ? `${sentence.slice(0, 157)}...` : sentence;
}

/** The YAML node at `segments`, or the deepest ancestor that exists (for a missing field: its parent map). */
function nodeAt(doc: Document, segments: readonly PropertyKey[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const segment of segments) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      next = pair?.value ?? pair?.key;
    } else if (isSeq(node) && typeof segment === 'number') next = node.items[segment];
    if (next === undefined || next === null) break;
    node = next;
  }
  return (node ?? undefined) as Node | undefined;
}

function lineOf(
  doc: Document,
  lineCounter: LineCounter,
  segments: readonly PropertyKey[],
): number | undefined {
  const node = nodeAt(doc, segments);
  // A missing top-level field would point at the whole document, which helps no one.
  if (node === undefined || node === doc.contents) return undefined;
  const offset = node.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function resolveFileRef(ref: SecretRef, baseDir: string): SecretRef {
  return 'file' in ref ? { file: path.resolve(baseDir, ref.file) } : ref;
}

/** Relative paths in a spec mean "next to the spec file", wherever the tool runs from. */
function resolvePaths(spec: ProvisioningSpec, baseDir: string): ProvisioningSpec {
  return {
    ...spec,
    credentials: {
      clientId: resolveFileRef(spec.credentials.clientId, baseDir),
      clientSecret: resolveFileRef(spec.credentials.clientSecret, baseDir),
    },
    certificate: { ...spec.certificate, password: resolveFileRef(spec.certificate.password, baseDir) },
    output: path.resolve(baseDir, spec.output),
  };
}

/**
 * Parses and validates a provisioning spec. Returns it normalised (defaults filled, grant types hyphenated,
 * region keys turned into hosts, `output` and `file:` paths absolute) with secrets still as references.
 * Throws a `SpecError` listing every problem, each naming its field.
 */
export function parseSpec(text: string, options: ParseSpecOptions = {}): ProvisioningSpec {
  const source = options.sourcePath ?? 'spec';
  const baseDir =
    options.sourcePath === undefined ? process.cwd() : path.dirname(path.resolve(options.sourcePath));
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecError(
      source,
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return {
          path: '',
          message: `YAML syntax error: ${describeYamlError(error.message)}`,
          line,
          column: col,
        };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof Error ? describeYamlError(error.message) : 'unreadable YAML';
    throw new SpecError(source, [{ path: '', message: `YAML cannot be read: ${reason}` }]);
  }
  if (data === null || data === undefined) {
    throw new SpecError(source, [
      { path: '', message: 'the file is empty; start from examples/demo-org.yaml' },
    ]);
  }
  const result = provisioningSpecSchema.safeParse(data);
  if (!result.success) {
    const issues: SpecIssue[] = toRawSpecIssues(provisioningSpecSchema, data, result.error.issues).map(
      ({ segments, message }) => ({
        path: formatSpecPath(segments),
        message,
        // The whole file's position says nothing; a field's line helps find it.
        line: segments.length > 0 ? lineOf(doc, lineCounter, segments) : undefined,
      }),
    );
    throw new SpecError(source, issues);
  }
  const untrusted = trustIssues(result.data, baseDir, options);
  if (untrusted.length > 0) {
    throw new SpecError(
      source,
      untrusted.map(({ field, message }) => ({
        path: field,
        message,
        line: lineOf(doc, lineCounter, [field]),
      })),
    );
  }
  return resolvePaths(result.data, baseDir);
}

/** A spec with the largest allowed lists is far smaller (see MAX_ADMINS in schema.ts); more is not a spec. */
export const MAX_SPEC_FILE_BYTES = 1024 * 1024;

/**
 * Reads and parses a spec file; see `parseSpec`. An unreadable file is a `SpecError` too, and so is anything but
 * a regular file up to 1 MiB (a FIFO would hang the CLI, a device would never end).
 */
export async function loadSpecFile(specPath: string, trust: SpecTrust = {}): Promise<ProvisioningSpec> {
  let text: string;
  try {
    text = await readRegularFile(specPath, MAX_SPEC_FILE_BYTES);
  } catch (error) {
    const code = error instanceof UnreadableFileError ? error.code : 'unknown error';
    const message =
      code === 'ENOTREG' || code === 'EFBIG'
        ? `the spec file ${(error as Error).message}; give a YAML file of at most ${describeBytes(MAX_SPEC_FILE_BYTES)}`
        : `cannot read the spec file (${code}); check the path (relative paths start at ${process.cwd()})`;
    throw new SpecError(specPath, [{ path: '', message }]);
  }
  return parseSpec(text, { sourcePath: specPath, ...trust });
}
