// The key generated ahead (prepareCertificate, alongside the preflight) and its write after the preflight
// (ensureCertificate): nothing on disk before the write, the write puts exactly the prepared bundle there, and the
// store hands a bundle only to its own run with the same inputs, once, before it expires.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ensureCertificate,
  prepareCertificate,
  type EnsureCertificateResult,
} from '../../../activities/provision-certificate.js';
import { BUNDLE_FILE_NAMES } from '../../../certificate/artifacts.js';
import type { CertificateBundle } from '../../../certificate/bundle.js';
import { PreparedBundles, preparedBundles } from '../../../certificate/prepared-bundles.js';
import { validateCertificateOptions } from '../../../certificate/options.js';

const PASSWORD = 'prepared-test-password';
const options = validateCertificateOptions({ subject: 'CN=PureEngage SAML,O=Prepared Test' });
const root = mkdtempSync(join(tmpdir(), 'cert-prepared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fakeBundle = (certPem: string) => ({ certPem }) as CertificateBundle;
const inRun = (runId: string) =>
  new MockActivityEnvironment({
    workflowExecution: { workflowId: 'provision/prepared-test', runId },
  } as never);

describe('PreparedBundles', () => {
  it('hands the bundle to its run once, and only with the options and password it was made with', () => {
    const store = new PreparedBundles();
    store.put('wf/run-1', options, PASSWORD, fakeBundle('one'));
    expect(store.take('wf/run-2', options, PASSWORD)).toBeUndefined();
    expect(store.take('wf/run-1', options, 'another password')).toBeUndefined();
    // The mismatched take removed it: a run's bundle is never handed out after a wrong claim.
    expect(store.size).toBe(0);
    store.put('wf/run-1', options, PASSWORD, fakeBundle('two'));
    expect(store.take('wf/run-1', options, PASSWORD)?.certPem).toBe('two');
    expect(store.take('wf/run-1', options, PASSWORD)).toBeUndefined();
  });

  it('drops a bundle its run never came back for', () => {
    let now = 0;
    const store = new PreparedBundles(() => now);
    store.put('wf/run-1', options, PASSWORD, fakeBundle('one'));
    now += 10 * 60_000 + 1;
    expect(store.take('wf/run-1', options, PASSWORD)).toBeUndefined();
    store.put('wf/run-2', options, PASSWORD, fakeBundle('two'));
    now += 1;
    store.put('wf/run-3', options, PASSWORD, fakeBundle('three'));
    now += 10 * 60_000 - 1; // run-2's last moment has passed, run-3's has not
    expect(store.size).toBe(2);
    store.put('wf/run-4', options, PASSWORD, fakeBundle('four'));
    expect(store.size).toBe(2); // run-2 expired, run-3 not yet
  });
});

describe('prepareCertificate then ensureCertificate', () => {
  it('writes nothing ahead, then writes the very bundle it prepared', async () => {
    process.env.HYBRID_TEST_PREPARED_PASSWORD = PASSWORD;
    const outputDir = join(root, 'out');
    const input = { outputDir, options, password: { env: 'HYBRID_TEST_PREPARED_PASSWORD' } };
    const run = inRun('run-a');
    expect(await run.run(prepareCertificate, input)).toEqual({ prepared: true });
    expect(existsSync(outputDir)).toBe(false);
    expect(preparedBundles.size).toBe(1);

    const written: EnsureCertificateResult = await run.run(ensureCertificate, {
      ...input,
      bundleExisted: false,
    });
    expect(written.outcome).toBe('created');
    expect(preparedBundles.size).toBe(0);
    const certOnDisk = readFileSync(join(outputDir, BUNDLE_FILE_NAMES.cert), 'utf8');
    expect(certOnDisk.replace(/-----[A-Z ]+-----|\s/g, '')).toBe(written.certificateBody);
  });

  it('skips the key when the output folder already holds a bundle (the preflight will have it reused)', async () => {
    const outputDir = join(root, 'out'); // written by the test above
    const input = { outputDir, options, password: { env: 'HYBRID_TEST_PREPARED_PASSWORD' } };
    expect(await inRun('run-b').run(prepareCertificate, input)).toEqual({
      prepared: false,
      skipped: 'bundle-in-output',
    });
    expect(preparedBundles.size).toBe(0);
  });

  it('leaves bad inputs to the write step, which reports them', async () => {
    const input = {
      outputDir: join(root, 'other'),
      options,
      password: { env: 'HYBRID_TEST_PREPARED_UNSET' },
    };
    expect(await inRun('run-c').run(prepareCertificate, input)).toEqual({
      prepared: false,
      skipped: 'invalid-input',
    });
    await expect(inRun('run-c').run(ensureCertificate, { ...input, bundleExisted: false })).rejects.toThrow(
      /HYBRID_TEST_PREPARED_UNSET/,
    );
  });
});
