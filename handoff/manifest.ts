/**
 * `handoff.manifest.json`: the machine-readable fingerprint of a handoff, written beside it, so that verification
 * can tell later whether the handoff still matches the org (a client replaced, a certificate rotated).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { HandoffDocument } from './document.js';

export const HANDOFF_MANIFEST_FILE = 'handoff.manifest.json';
/** Where `hybrid handoff` writes by default and where verification looks: `<output>/handoff/`. */
export const HANDOFF_DIR_NAME = 'handoff';

export const handoffManifestSchema = z.object({
  version: z.literal(1),
  org: z.string(),
  generatedAt: z.string(),
  orgId: z.string(),
  oauthClients: z.array(z.object({ name: z.string(), id: z.string() })),
  certificateSha256: z.string(),
});
export type HandoffManifest = z.infer<typeof handoffManifestSchema>;

export function manifestOf(doc: HandoffDocument): HandoffManifest {
  return {
    version: 1,
    org: doc.org,
    generatedAt: doc.generatedAt,
    orgId: doc.genesysOrg.id,
    oauthClients: doc.oauthClients.map((c) => ({ name: c.name, id: c.id })),
    certificateSha256: doc.certificate.sha256,
  };
}

export function defaultHandoffDir(outputDir: string): string {
  return join(outputDir, HANDOFF_DIR_NAME);
}

/** Writes the rendered handoff and its manifest into `dir` (0600: a --show-secrets handoff holds secrets). */
export async function writeHandoff(
  dir: string,
  fileName: string,
  rendered: string,
  manifest: HandoffManifest,
): Promise<{ handoff: string; manifest: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const write = async (path: string, text: string) => {
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, path);
    return path;
  };
  return {
    handoff: await write(join(dir, fileName), rendered),
    manifest: await write(join(dir, HANDOFF_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`),
  };
}

/** The manifest in `dir`, null when there is none; a damaged one is an error naming the file. */
export async function readHandoffManifest(dir: string): Promise<HandoffManifest | null> {
  const path = join(dir, HANDOFF_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = handoffManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${path} is not a handoff manifest; write it again with hybrid handoff`);
  return parsed.data;
}
