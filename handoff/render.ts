/** The handoff document as Markdown (for people), JSON (for scripts) or HTML (for a browser or a ticket). */
import type { HandoffDocument } from './document.js';

export const HANDOFF_FORMATS = ['md', 'json', 'html'] as const;
export type HandoffFormat = (typeof HANDOFF_FORMATS)[number];

type Table = { head: string[]; rows: string[][] };

/** The document as titled tables: one structure, two markups, so Markdown and HTML cannot drift apart. */
function sections(doc: HandoffDocument): { title: string; intro?: string; table: Table }[] {
  const t = doc.transactionObject;
  return [
    {
      title: 'Genesys Cloud org',
      table: {
        head: ['item', 'value'],
        rows: [
          ['org name for SAML2 bearer (thirdPartyOrgName)', doc.genesysOrg.thirdPartyOrgName],
          ['org id', doc.genesysOrg.id],
          [
            'environment',
            doc.environment.environment +
              (doc.environment.regionKey ? ` (${doc.environment.regionKey})` : ''),
          ],
          ['API', doc.environment.apiBaseUrl],
          ['login', doc.environment.loginBaseUrl],
          ['apps', doc.environment.appsBaseUrl],
        ],
      },
    },
    {
      title: 'OAuth clients',
      intro:
        'Secrets are in the files named here (mode 0600, on the machine of the worker that created them).',
      table: {
        head: ['name', 'grant type', 'client id', 'secret'],
        rows: doc.oauthClients.map((c) => [
          c.name + (c.rotatedFrom ? ` (rotated; was ${c.rotatedFrom})` : ''),
          c.grantType,
          c.id,
          c.secret ?? c.secretFile ?? 'not known to this tool (the client existed before provisioning)',
        ]),
      },
    },
    {
      title: 'Identity provider and certificate',
      table: {
        head: ['item', 'value'],
        rows: [
          ['issuer (PureEngage writes it into its assertions)', doc.identityProvider.issuerURI],
          ['SSO target', doc.identityProvider.ssoTargetURI ?? 'not recorded by this run'],
          ['certificate SHA-256', doc.certificate.sha256],
          ['certificate valid until', doc.certificate.notAfter],
          ['key password', doc.keyPassword.reference],
        ],
      },
    },
    {
      title: 'Artifact files',
      table: {
        head: ['file', 'path', 'what it is', 'where it goes'],
        rows: doc.artifacts.map((a) => [a.file, a.path, a.what, a.where]),
      },
    },
    {
      title: `Transaction object "${t.name}" (type ${t.type}, ${t.level} level), section [${t.section}]`,
      intro:
        `${t.typeSource}. Object name ${t.nameFrom === 'spec' ? 'from the spec' : 'proposed, to confirm with your Genesys documentation'}; ` +
        `section ${t.sectionFrom === 'spec' ? 'from the spec' : 'proposed, to confirm with your Genesys documentation'}.`,
      table: {
        head: ['option', 'value', 'holds', 'name'],
        rows: t.options.map((o) => [o.name, o.value, o.holds, o.note]),
      },
    },
    {
      title: 'Network checklist: hosts the on-premises side must reach',
      table: {
        head: ['host', 'port', 'purpose', 'source'],
        rows: doc.network.map((n) => [n.host, String(n.port), n.purpose, n.source]),
      },
    },
  ];
}

const mdCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(doc: HandoffDocument): string {
  const lines = [
    `# Handoff to the PureEngage side: ${doc.org}`,
    '',
    `Generated ${doc.generatedAt} from ${doc.run.workflowId} (run ${doc.run.runId}).`,
  ];
  for (const s of sections(doc)) {
    lines.push('', `## ${s.title}`, '');
    if (s.intro) lines.push(s.intro, '');
    lines.push(`| ${s.table.head.join(' | ')} |`, `|${s.table.head.map(() => '---').join('|')}|`);
    for (const row of s.table.rows) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

const esc = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function html(doc: HandoffDocument): string {
  const body = sections(doc)
    .map(
      (s) =>
        `<h2>${esc(s.title)}</h2>\n${s.intro ? `<p>${esc(s.intro)}</p>\n` : ''}<table>\n` +
        `<tr>${s.table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>\n` +
        s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n') +
        '\n</table>',
    )
    .join('\n');
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Handoff: ${esc(doc.org)}</title>\n` +
    '<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;text-align:left}</style>\n' +
    `</head><body>\n<h1>Handoff to the PureEngage side: ${esc(doc.org)}</h1>\n` +
    `<p>Generated ${esc(doc.generatedAt)} from ${esc(doc.run.workflowId)} (run ${esc(doc.run.runId)}).</p>\n` +
    `${body}\n</body></html>\n`
  );
}

export function renderHandoff(doc: HandoffDocument, format: HandoffFormat): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return format === 'html' ? html(doc) : markdown(doc);
}
