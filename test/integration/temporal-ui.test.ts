/**
 * The Temporal Web UI shows a finished provisioning run decoded, through the codec server, and only through it.
 *
 * This file starts its own dev server WITH the UI (the global one is headless) on free ports, pointed at a codec
 * server it starts (`insecureNoAuth` on 127.0.0.1, the UI's origin allowed: the start-dev UI cannot send a
 * token, see codec/README.md), provisions an emulator org through an in-process worker with the same codec key,
 * and opens the run's page in Debian's chromium driven by playwright-core.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCodecServer, type CodecServer } from '../../client/codec-server.js';
import { createDataConverter } from '../../codec/data-converter.js';
import { parseKeyring } from '../../codec/keys.js';
import type { ProvisionResult } from '../../provisioning/types.js';
import { startDevServer, type DevServer } from '../../temporal-cli/dev-server.js';
import { getFreePort } from '../../temporal-cli/free-port.js';
import { resolveTemporalCli } from '../../temporal-cli/resolve.js';
import { workflowRunUrl } from '../../temporal/ui-link.js';
import { startProvisioning } from '../../client/provisioning-runs.js';
import { createRedactingLogger } from '../../worker/redacting-logger.js';
import { EmulatorControlClient } from './provisioning/emulator-control.js';
import { testInput } from './provisioning/harness.js';
import { newCodecKeyEntry, startCodecWorker, type CodecWorker } from './secrets/codec-worker.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = 'test-results/temporal-ui-run.png';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The UI's first load compiles nothing but fetches a few MB of assets; 2 cores are shared with other runs. */
const PAGE_TIMEOUT_MS = 45_000;
const CODEC_KEY = newCodecKeyEntry('ui-key');

// No silent skip: CI installs chromium (.ci/run); a machine without it says so in the test report.
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(
    `temporal-ui.test.ts SKIPPED: no chromium at ${CHROMIUM}; install it with apt-get install -y chromium`,
  );
}

let devServer: DevServer | undefined;
let codecServer: CodecServer | undefined;
let worker: CodecWorker | undefined;
let userDataDir: string | undefined;
let runUrl: string;
let codecUrl: string;
let result: ProvisionResult;

async function startUiCodecServer(port: number, uiOrigins: string[]): Promise<CodecServer> {
  const { payloadCodecs } = await createDataConverter({
    keyring: parseKeyring(CODEC_KEY, 'HYBRID_CODEC_KEY'),
  });
  return startCodecServer({
    port,
    host: '127.0.0.1',
    insecureNoAuth: true,
    allowedOrigins: uiOrigins,
    codec: payloadCodecs![0]!,
  });
}

/** A fresh profile per browser, so no codec setting or cached decoding carries over. */
async function openBrowser(): Promise<BrowserContext> {
  userDataDir = await mkdtemp(join(tmpdir(), 'hybrid-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 1800 },
    timeout: PAGE_TIMEOUT_MS,
  });
}

/**
 * Opens the run's history page. UI 2.42 shows the workflow's Input and Result panels above the event history
 * without any click; it sends their payloads (and the events') to the codec endpoint from the browser.
 */
async function openRun(context: BrowserContext): Promise<{ page: Page; decodeAnswers: number[] }> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const decodeAnswers: number[] = [];
  page.on('response', (response) => {
    if (response.url() === `${codecUrl}/decode`) decodeAnswers.push(response.status());
  });
  await page.goto(runUrl, { waitUntil: 'domcontentloaded' });
  await page.getByText('Event History').first().waitFor();
  return { page, decodeAnswers };
}

/** Whether any frame of the page shows `text` (the UI renders markdown metadata in iframes, links as <a>). */
async function framesContaining(page: Page, text: string): Promise<boolean> {
  for (const frame of page.frames()) {
    if (
      (
        await frame
          .locator('body')
          .innerText()
          .catch(() => '')
      ).includes(text)
    )
      return true;
  }
  return false;
}

/** What the UI shows of a payload it could not decode: its metadata, `encoding` in base64. */
const ENCRYPTED_ENCODING_B64 = Buffer.from('binary/encrypted').toString('base64');

let adminSecret: string;
let staticSummary: string;
const SPEC_FILE = 'specs/ui-test-org.yaml';

describeWithChromium('Temporal Web UI with the codec server', () => {
  beforeAll(async () => {
    Runtime.install({ logger: createRedactingLogger('WARN') });
    const [port, uiPort, codecPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
    const uiOrigins = [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`];
    codecServer = await startUiCodecServer(codecPort, uiOrigins);
    codecUrl = codecServer.url.replace(/\/+$/, '');
    devServer = await startDevServer({
      cliPath: await resolveTemporalCli(),
      port,
      uiPort,
      headless: false,
      codecEndpoint: codecServer.url,
    });
    worker = await startCodecWorker({
      address: devServer.address,
      namespace: 'default',
      codecKey: CODEC_KEY,
    });

    const emulatorUrl = inject('emulatorUrl');
    const org = await new EmulatorControlClient(emulatorUrl).createOrg(`ui-${Date.now().toString(36)}`);
    const input = await testInput({ emulatorUrl, org });
    // The CLI's start path, so the run carries its static summary and details (temporal/run-metadata.ts).
    const { handle, runId } = await startProvisioning(worker.client, input, worker.taskQueue, SPEC_FILE);
    staticSummary = `provision ${input.org} on ${input.target.environment}`;
    result = await handle.result();
    adminSecret = org.adminClientSecret;
    runUrl = workflowRunUrl(`http://127.0.0.1:${uiPort}`, 'default', handle.workflowId, runId);
  }, 240_000);

  afterAll(async () => {
    await worker?.stop();
    await devServer?.stop();
    await codecServer?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('shows the decoded result of the run, e.g. the id of the created OAuth client', async () => {
    const pacing = result.oauthClients.find((c) => c.name === 'Agent Pacing Service (ewt)');
    expect(pacing?.outcome).toBe('created');
    const context = await openBrowser();
    try {
      const { page, decodeAnswers } = await openRun(context);
      await page.getByText(pacing!.id).first().waitFor();
      await mkdir('test-results', { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      const html = await page.content();
      expect(html).toContain('Agent Pacing Service (ewt)');
      // The input carries the admin secret as a value; the codec server redacts it for display.
      expect(html).not.toContain(adminSecret);
      expect(html).toContain('[redacted by the codec server]');
      expect(decodeAnswers.length).toBeGreaterThan(0);
      expect(decodeAnswers.every((status) => status === 200)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("names the run and each step: the run's static summary and details, the activities' summaries", async () => {
    const context = await openBrowser();
    try {
      const { page } = await openRun(context);
      // The timeline labels each bar `<activity type> • <summary>`: two parallel ensureOAuthClient bars differ.
      const timeline = page.locator('svg');
      await timeline.getByText('oauth-client: PureEngage WDE').first().waitFor();
      await timeline.getByText('oauth-client: Agent Pacing Service (ewt)').first().waitFor();
      await mkdir('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/temporal-ui-step-summaries.png', fullPage: true });
      // The run's static summary and details (org, environment, spec file), decoded through the codec server.
      await page.getByRole('tab', { name: 'User Metadata' }).click();
      // The UI renders the summary and the details (markdown) each in a sandboxed iframe.
      await expect.poll(() => framesContaining(page, staticSummary), { timeout: PAGE_TIMEOUT_MS }).toBe(true);
      await expect.poll(() => framesContaining(page, SPEC_FILE), { timeout: PAGE_TIMEOUT_MS }).toBe(true);
      // Its list of events with metadata names every step's activity.
      await page.getByText('role-permissions: employee').first().waitFor();
      await page.screenshot({ path: 'test-results/temporal-ui-run-metadata.png', fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('shows only ciphertext once the codec server is gone', async () => {
    await codecServer?.close();
    codecServer = undefined;
    const pacing = result.oauthClients.find((c) => c.name === 'Agent Pacing Service (ewt)')!;
    const context = await openBrowser();
    try {
      const { page } = await openRun(context);
      // The UI falls back to showing the payloads as they are stored: metadata and ciphertext.
      await page.getByText(ENCRYPTED_ENCODING_B64).first().waitFor();
      // The UI's notice is a toast: it may already be fading out (hidden) when we look, so attached suffices.
      await page.getByText('Codec Server could not connect').first().waitFor({ state: 'attached' });
      await page.screenshot({ path: 'test-results/temporal-ui-run-without-codec.png', fullPage: true });
      const html = await page.content();
      expect(html).not.toContain(pacing.id);
      expect(html).not.toContain('Agent Pacing Service (ewt)');
    } finally {
      await context.close();
    }
  });
});
