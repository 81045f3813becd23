/** How provisioning progress and results read in a terminal. Secrets never reach here: only file paths. */
import type { ProvisionProgress, ProvisionResult, StepProgress } from '../provisioning/types.js';
import { escapeControlCharacters as t } from '../text/control-characters.js';

const MARK: Record<StepProgress['status'], string> = {
  pending: '·',
  running: '…',
  done: '✓',
  failed: '✗',
  compensating: '↺',
  compensated: '↩',
};

export function formatProgress(progress: ProvisionProgress): string {
  // Names and details come back from the run (and the API): printed escaped, never as terminal controls.
  const width = Math.max(...progress.steps.map((s) => t(s.step).length));
  const rows = progress.steps.map(
    (s) => `  ${MARK[s.status]} ${t(s.step).padEnd(width)}  ${s.status}${s.detail ? `: ${t(s.detail)}` : ''}`,
  );
  return [`${progress.org}: ${progress.status}`, ...rows].join('\n');
}

export function formatResult(result: ProvisionResult, runUrl?: string): string {
  const lines = [`Provisioned ${result.org}.`, '', 'OAuth clients:'];
  for (const c of result.oauthClients) {
    lines.push(`  ${t(c.name)} (${c.grantType}): ${c.outcome}, id ${t(c.id)}`);
    lines.push(
      `    secret: ${c.secretFile ? t(c.secretFile) : 'not known to this tool (the client existed before)'}`,
    );
  }
  const idp = result.identityProvider;
  lines.push(
    '',
    `Identity provider: ${idp.outcome}, issuer ${t(idp.issuerURI)}`,
    `  certificate SHA-256 ${idp.certificateSha256}, valid until ${idp.notAfter}`,
    '',
    'Roles:',
    ...result.roles.map(
      (r) =>
        `  ${t(r.name)}: ${r.addedPermissions.length > 0 ? `added ${r.addedPermissions.join(', ')}` : 'already had the Altocloud permissions'}`,
    ),
  );
  if (result.admins.length > 0) {
    lines.push('', 'Admins:', ...result.admins.map((a) => `  ${t(a.email)}: ${a.outcome}, id ${t(a.id)}`));
  }
  lines.push(
    '',
    `Artifacts in ${result.artifactsDir}:`,
    ...Object.values(result.certificateFiles).map((f) => `  ${f}`),
  );
  if (runUrl) lines.push('', `Temporal UI: ${runUrl}`);
  return lines.join('\n');
}
