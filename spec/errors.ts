/** One problem with a spec: where (a path such as `oauthClients[1].roles`, empty for the whole file) and what. */
export interface SpecIssue {
  path: string;
  message: string;
  /** 1-based position in the YAML file, when known. */
  line?: number;
  column?: number;
}

/** `['oauthClients', 1, 'roles']` → `oauthClients[1].roles`. */
export function formatSpecPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function formatIssue(source: string, issue: SpecIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  if (issue.path === '' && issue.line !== undefined) {
    return `${source}:${issue.line}:${issue.column ?? 1}: ${issue.message}`;
  }
  const line = issue.line === undefined ? '' : ` (line ${issue.line})`;
  return `${source}: ${where}${issue.message}${line}`;
}

/**
 * A spec that cannot be used, with every problem found (not just the first), each naming its field.
 * The message lists them one per line as `spec.yaml: oauthClients[1].roles: ...`; it never holds secret values.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** The spec file as the user named it, or `spec` when parsed from text. */
  readonly source: string;
  readonly issues: readonly SpecIssue[];

  constructor(source: string, issues: readonly SpecIssue[], summary?: string) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const heading = `${summary ?? `${source} is not a valid provisioning spec`} (${count}):`;
    super([heading, ...issues.map((issue) => `  ${formatIssue(source, issue)}`)].join('\n'));
    this.source = source;
    this.issues = issues;
  }
}
