import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HandoffDocument } from '../../handoff/document.js';
import type { HandoffManifest } from '../../handoff/manifest.js';
import type { ProvisionResult } from '../../provisioning/types.js';
import {
  createTestOrg,
  provision,
  startVerifyHarness,
  verify,
  type TestOrg,
  type VerifyHarness,
} from './verify/harness.js';
import { runHybrid, type CliOutcome } from './support/hybrid-cli.js';

let harness: VerifyHarness;
let org: TestOrg;

beforeAll(async () => {
  harness = await startVerifyHarness(inject('temporalAddress'), inject('temporalNamespace'));
  org = await createTestOrg(inject('emulatorUrl'), 'handoff');
  await provision(harness, org);
});

afterAll(async () => {
  await org?.genesys.close();
  await harness?.stop();
});

function hybrid(...args: string[]): Promise<CliOutcome> {
  return runHybrid(args, {
    ...process.env,
    ...org.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    HYBRID_CODEC_KEY: harness.codecKey,
    HYBRID_TASK_QUEUE: harness.taskQueue,
  });
}

async function clientSecrets(result: ProvisionResult): Promise<string[]> {
  return Promise.all(
    result.oauthClients.map(
      async (c) => (JSON.parse(await readFile(c.secretFile!, 'utf8')) as { secret: string }).secret,
    ),
  );
}

describe('hybrid handoff', () => {
  it('lists every client id of hybrid result, names the secret files and prints no secret value', async () => {
    const resultRun = await hybrid('result', org.slug, '--json');
    expect(resultRun.code).toBe(0);
    const result = JSON.parse(resultRun.stdout) as ProvisionResult;
    const handoff = await hybrid('handoff', org.slug, '--format', 'json');
    expect(handoff.code, handoff.stderr).toBe(0);
    const doc = JSON.parse(handoff.stdout) as HandoffDocument;

    expect(doc.oauthClients.map((c) => c.id).sort()).toEqual(result.oauthClients.map((c) => c.id).sort());
    expect(doc.oauthClients.every((c) => c.secretFile && c.secret === undefined)).toBe(true);
    expect(doc.genesysOrg).toEqual({ thirdPartyOrgName: org.created.thirdPartyOrgName, id: org.created.id });
    expect(doc.identityProvider).toEqual({
      issuerURI: `http://www.genesys.com/pureengage/${org.slug}`,
      ssoTargetURI: 'http://example.com/target',
    });
    expect(doc.certificate.sha256).toBe(result.identityProvider.certificateSha256);
    expect(doc.artifacts.map((a) => a.file)).toEqual([
      'cert.pem',
      'key.pem.enc',
      'cert.pem.b64',
      'key.pem.enc.b64',
    ]);
    // The emulator serves API, login and apps on one origin: one host to open.
    expect(doc.network).toHaveLength(1);
    expect(doc.transactionObject.options.every((o) => o.nameFrom === 'default')).toBe(true);
    expect(doc.transactionObject.options[0]!.note).toContain('to confirm with your Genesys documentation');

    const written = await readFile(join(org.outputDir, 'handoff', 'handoff.json'), 'utf8');
    for (const secret of await clientSecrets(result)) {
      expect(handoff.stdout).not.toContain(secret);
      expect(handoff.stderr).not.toContain(secret);
      expect(written).not.toContain(secret);
    }
    expect(handoff.stdout).not.toContain(org.env.T_KEY_PASSWORD);
  }, 120_000);

  it('uses the option names of the spec, the key password reference, and the secrets only with --show-secrets', async () => {
    const specPath = join(org.outputDir, '..', 'org-handoff.yaml');
    await writeFile(
      specPath,
      `${await readFile(org.specPath, 'utf8')}handoff:\n  transactionObject:\n    section: gc\n    options: { orgName: OrgShortName, clientId: "{client}.id" }\n`,
    );
    const shown = await hybrid(
      'handoff',
      org.slug,
      '--format',
      'md',
      '--spec',
      specPath,
      '--show-secrets',
      '--out',
      join(org.outputDir, 'elsewhere'),
    );
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('| OrgShortName | ' + org.created.thirdPartyOrgName);
    expect(shown.stdout).toContain('| pureengage-wde.id |');
    expect(shown.stdout).toContain('env:T_KEY_PASSWORD');
    expect(shown.stdout).toContain('section [gc]');
    const result = JSON.parse((await hybrid('result', org.slug, '--json')).stdout) as ProvisionResult;
    for (const secret of await clientSecrets(result)) expect(shown.stdout).toContain(secret);
  }, 120_000);

  it('is refused with exit 2 for an unknown format and a misspelt option key in the spec', async () => {
    expect((await hybrid('handoff', org.slug, '--format', 'pdf')).code).toBe(2);
    const specPath = join(org.outputDir, '..', 'org-bad.yaml');
    await writeFile(
      specPath,
      `${await readFile(org.specPath, 'utf8')}handoff:\n  transactionObject:\n    options: { clientId: client-id }\n`,
    );
    const refused = await hybrid('handoff', org.slug, '--spec', specPath);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('handoff.transactionObject.options.clientId');
  }, 120_000);

  it('is reported stale by verification once a client it names was replaced', async () => {
    expect((await hybrid('handoff', org.slug, '--format', 'json')).code).toBe(0);
    const manifest = JSON.parse(
      await readFile(join(org.outputDir, 'handoff', 'handoff.manifest.json'), 'utf8'),
    ) as HandoffManifest;
    const fresh = await verify(harness, await org.verifyInput());
    expect(fresh.checks.find((c) => c.name === 'handoff:current')?.status).toBe('ok');

    // Replace the service client behind the tool's back: same name, new id.
    const old = manifest.oauthClients.find((c) => c.name === 'Agent Pacing Service (ewt)')!;
    const before = (await org.genesys.oauthClients.get(old.id))!;
    await org.genesys.oauthClients.delete(old.id);
    const twin = await org.genesys.oauthClients.create({
      name: before.name,
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: before.roleDivisions,
    });
    const stale = await verify(harness, await org.verifyInput());
    const check = stale.checks.find((c) => c.name === 'handoff:current');
    expect(check?.status).toBe('warn');
    expect(check?.details.join('\n')).toContain(
      `OAuth client "Agent Pacing Service (ewt)" was replaced: the handoff has ${old.id}, the org ${twin.id}`,
    );
  }, 180_000);
});
