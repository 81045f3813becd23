// `npm run demo`: the local stack up (`hybrid stack up`), then examples/demo-org.yaml provisioned into the Genesys
// Cloud emulator through Temporal, with the summary, the artifacts and the Web UI link. The stack keeps running.
// Flags as `hybrid stack up`: --temporal-port, --ui-port, --emulator-port, --codec-port, --metrics-port, --data-dir.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { nodeArgsFor, PROJECT_ROOT } from '../build/layout.js';
import { DATA_DIR_ENV } from '../codec/local-secret-file.js';
import { DEFAULT_PORTS, stackConfigFrom, StackConfigError, type StackConfig } from '../stack/config.js';
import { localTemporalEnv } from '../stack/local-temporal-env.js';
import { emulatorUrl, webUiUrl } from '../stack/services.js';
import { stackUp, type StackUpResult } from '../stack/stack.js';
import { formatFailureLogs, formatNextSteps, formatUpOutcomes, shortPath } from '../stack/up-report.js';

const DEMO_SPEC = path.join(PROJECT_ROOT, 'examples', 'demo-org.yaml');
/** A published demo value, like the emulator's demo-admin-secret: it protects nothing but a demo key. */
const DEMO_KEY_PASSWORD = 'demo-key-password';

function readConfig(): StackConfig {
  const { values } = parseArgs({
    options: {
      'temporal-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'emulator-port': { type: 'string' },
      'codec-port': { type: 'string' },
      'metrics-port': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  return stackConfigFrom({
    temporalPort: values['temporal-port'],
    uiPort: values['ui-port'],
    emulatorPort: values['emulator-port'],
    codecPort: values['codec-port'],
    metricsPort: values['metrics-port'],
    dataDir: values['data-dir'],
  });
}

async function main(): Promise<number> {
  let config: StackConfig;
  try {
    config = readConfig();
  } catch (error) {
    console.error(error instanceof StackConfigError || error instanceof TypeError ? error.message : error);
    return 2;
  }

  console.log(
    'Hybrid Provisioner demo: starts the local stack (Temporal dev server, Genesys Cloud emulator, codec server,\n' +
      'worker) in the background and provisions examples/demo-org.yaml into the emulator as a Temporal workflow.\n' +
      'Without a Temporal CLI (TEMPORAL_CLI, `temporal` on PATH or an earlier build), the first run builds one from\n' +
      'source with Go: about 7 minutes on 2 cores, once. Later runs start in seconds.\n',
  );

  const stack = await stackUp(config);
  console.log(formatUpOutcomes(stack));
  if (!stack.ok) {
    const logs = formatFailureLogs(stack);
    if (logs) console.error(`\n${logs}`);
    console.error(
      '\nThe local stack did not come up (see above), so nothing was provisioned. Fix the cause and run ' +
        '`npm run demo` again; `npx hybrid stack down` stops what did start.',
    );
    return 1;
  }

  const emulator = runningRecord(stack, 'emulator');
  const temporal = runningRecord(stack, 'temporal');
  const spec = await specForEmulator(emulatorUrl(emulator.port), config.dataDir);
  const env = provisioningEnv(stack, config, emulator.adminClientId ?? config.emulatorAdmin.clientId);

  console.log(
    `\nProvisioning ${shortPath(spec)} into the emulator (npx hybrid provision --spec ... --wait):\n`,
  );
  const exitCode = await runHybrid(['provision', '--spec', spec, '--wait'], env);
  const uiUrl = temporal.uiPort === undefined ? undefined : webUiUrl(temporal.uiPort);

  if (exitCode !== 0) {
    console.error(
      `\nThe demo provisioning failed (exit code ${exitCode}; the reason is above). The stack is still running: ` +
        `the worker's log is ${shortPath(stack.paths.logFile('worker'))}` +
        `${uiUrl ? `, the run's history is in the Web UI at ${uiUrl}` : ''}. ` +
        'Stop the stack with `npx hybrid stack down`.',
    );
    return 1;
  }

  console.log(
    [
      '',
      'Demo done. The stack keeps running:',
      formatNextSteps(stack),
      `Emulator         ${emulatorUrl(emulator.port)}  (its request log: ${emulatorUrl(emulator.port)}/__emulator/requests)`,
      'Then try         npx hybrid status demo   |   npx hybrid result demo   |   npm run demo (again: adopts, changes nothing)',
    ].join('\n'),
  );
  return 0;
}

function runningRecord(stack: StackUpResult, name: 'temporal' | 'emulator') {
  const outcome = stack.outcomes.find((o) => o.name === name);
  if (!outcome || !('record' in outcome))
    throw new Error(`${name} is not running although the stack reported ok`);
  return outcome.record;
}

/**
 * The example targets the emulator at its default port. On another port the demo provisions a copy whose
 * `environment` points there (and whose `output` still means the project's out/demo).
 */
async function specForEmulator(url: string, dataDir: string): Promise<string> {
  const document = parseDocument(await readFile(DEMO_SPEC, 'utf8'));
  const environment = String(document.get('environment'));
  if (
    environment === `http://localhost:${DEFAULT_PORTS.emulator}` &&
    url.endsWith(`:${DEFAULT_PORTS.emulator}`)
  ) {
    return DEMO_SPEC;
  }
  document.set('environment', url);
  document.set('output', path.resolve(path.dirname(DEMO_SPEC), String(document.get('output'))));
  const copy = path.join(dataDir, 'demo', 'demo-org.yaml');
  await mkdir(path.dirname(copy), { recursive: true, mode: 0o700 });
  await writeFile(copy, document.toString());
  console.log(
    `The emulator listens on ${url}, so the demo provisions a copy of the example: ${shortPath(copy)}`,
  );
  return copy;
}

/** The CLI's environment: the stack's Temporal, the emulator's admin client, a demo key password if none is set. */
function provisioningEnv(
  stack: StackUpResult,
  config: StackConfig,
  adminClientId: string,
): NodeJS.ProcessEnv {
  const temporal = runningRecord(stack, 'temporal');
  const env = localTemporalEnv(process.env, stack.paths.temporalConfigFile);
  env[DATA_DIR_ENV] = config.dataDir;
  if (temporal.uiPort !== undefined) env.HYBRID_TEMPORAL_UI = webUiUrl(temporal.uiPort);
  // The spec's credentials are env:GENESYS_CLIENT_ID / env:GENESYS_CLIENT_SECRET; here they must be the emulator's.
  env.GENESYS_CLIENT_ID = adminClientId;
  env.GENESYS_CLIENT_SECRET = config.emulatorAdmin.clientSecret;
  console.log(`\nGENESYS_CLIENT_ID/GENESYS_CLIENT_SECRET: the emulator's admin client ${adminClientId}.`);
  if (process.env.HYBRID_KEY_PASSWORD) {
    console.log('HYBRID_KEY_PASSWORD: yours, from the environment.');
  } else {
    env.HYBRID_KEY_PASSWORD = DEMO_KEY_PASSWORD;
    console.log(
      `HYBRID_KEY_PASSWORD was not set: the private key is encrypted with the demo password "${DEMO_KEY_PASSWORD}".`,
    );
  }
  return env;
}

function runHybrid(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    // The CLI as this script runs: compiled from `npm run demo`, from the sources under tsx.
    const child = spawn(process.execPath, [...nodeArgsFor('client/cli.ts'), ...args], {
      cwd: PROJECT_ROOT,
      env,
      stdio: 'inherit',
    });
    child.on('error', (error) => {
      console.error(`Could not run the hybrid CLI: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
