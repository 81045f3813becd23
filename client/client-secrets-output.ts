/**
 * `--show-secrets`: the OAuth client secrets of a finished run, read from the 0600 files the worker wrote.
 * Only this flag puts a secret on the terminal; without it the output names the files.
 */
import { readClientSecretFile } from '../secrets/client-secret-file.js';
import type { ProvisionResult } from '../provisioning/types.js';
import { escapeControlCharacters as t } from '../text/control-characters.js';

export interface ShownClientSecret {
  name: string;
  clientId: string;
  secret: string;
}

/** One entry per client whose secret this tool knows (clients that existed before the run have no file). */
export async function readResultSecrets(result: ProvisionResult): Promise<ShownClientSecret[]> {
  const shown: ShownClientSecret[] = [];
  for (const client of result.oauthClients) {
    if (!client.secretFile) continue;
    const record = await readClientSecretFile(client.secretFile);
    if (record.clientId !== client.id) {
      throw new Error(
        `client secret file ${client.secretFile} belongs to client ${record.clientId}, not ${client.id} ` +
          `(${client.name}); re-run the provisioning to rewrite it`,
      );
    }
    shown.push({ name: client.name, clientId: client.id, secret: record.secret });
  }
  return shown;
}

export function formatSecrets(secrets: readonly ShownClientSecret[]): string {
  if (secrets.length === 0) return 'Client secrets: none known to this tool (the clients existed before).';
  return [
    'Client secrets (keep them out of tickets and chats):',
    ...secrets.map((s) => `  ${t(s.name)} (${t(s.clientId)}): ${s.secret}`),
  ].join('\n');
}

/** The summary or JSON a command prints, with the secrets added when `showSecrets` is set. */
export async function renderResult(
  result: ProvisionResult,
  options: { json?: boolean; showSecrets?: boolean; format: (result: ProvisionResult) => string },
): Promise<string> {
  const secrets = options.showSecrets ? await readResultSecrets(result) : undefined;
  if (options.json) return JSON.stringify(secrets ? { ...result, clientSecrets: secrets } : result, null, 2);
  const summary = options.format(result);
  return secrets ? `${summary}\n\n${formatSecrets(secrets)}` : summary;
}
