/**
 * Verification's check of a handoff written earlier (`<output>/handoff/handoff.manifest.json`): it is stale when
 * a client it names was replaced or deleted since, or when the identity provider no longer has the certificate it
 * describes as its primary. Called from the verification activity; no manifest, no check.
 */
import { describeCertificate } from '../certificate/describe.js';
import type { OrgState } from '../provisioning/types.js';
import type { VerificationCheck } from '../verification/types.js';
import { defaultHandoffDir, readHandoffManifest, type HandoffManifest } from './manifest.js';

export const HANDOFF_CHECK = 'handoff:current';

function sha256Of(certificate: string | undefined): string | undefined {
  if (!certificate) return undefined;
  try {
    return describeCertificate(certificate).sha256Fingerprint;
  } catch {
    return undefined;
  }
}

/** Pure: what is stale in the manifest against the org as read now. */
export function handoffStaleness(manifest: HandoffManifest, state: OrgState): string[] {
  const stale: string[] = [];
  if (manifest.orgId !== state.orgId) {
    stale.push(`it was written for org ${manifest.orgId}, but the credentials reach org ${state.orgId}`);
  }
  for (const client of manifest.oauthClients) {
    const now = state.oauthClients[client.name] ?? [];
    if (now.length === 0) stale.push(`OAuth client "${client.name}" (${client.id}) no longer exists`);
    else if (!now.some((c) => c.id === client.id)) {
      stale.push(
        `OAuth client "${client.name}" was replaced: the handoff has ${client.id}, the org ${now[0]!.id}`,
      );
    }
  }
  const primary = sha256Of(state.pureEngage?.certificate ?? state.pureEngage?.certificates?.[0]);
  if (primary !== manifest.certificateSha256) {
    stale.push(
      `the certificate was rotated: the handoff has SHA-256 ${manifest.certificateSha256.slice(0, 16)}…, ` +
        `the identity provider ${primary ? `${primary.slice(0, 16)}…` : 'none'}`,
    );
  }
  return stale;
}

export function handoffCheck(manifest: HandoffManifest, state: OrgState): VerificationCheck {
  const stale = handoffStaleness(manifest, state);
  return {
    name: HANDOFF_CHECK,
    status: stale.length === 0 ? 'ok' : 'warn',
    details:
      stale.length === 0
        ? [`the handoff of ${manifest.generatedAt} still matches the org`]
        : [
            `the handoff of ${manifest.generatedAt} is stale:`,
            ...stale,
            `write it again with hybrid handoff ${manifest.org} and give the PureEngage side the new values`,
          ],
  };
}

/** The check for the handoff in `<outputDir>/handoff/`, or none when no handoff was written there. */
export async function handoffChecks(outputDir: string, state: OrgState): Promise<VerificationCheck[]> {
  const manifest = await readHandoffManifest(defaultHandoffDir(outputDir)).catch(
    (error: Error): VerificationCheck => ({ name: HANDOFF_CHECK, status: 'warn', details: [error.message] }),
  );
  if (manifest === null) return [];
  if ('status' in manifest) return [manifest];
  return [handoffCheck(manifest, state)];
}
