// `npm run temporal:dev`: a local Temporal dev server whose state survives restarts, with the project's search
// attributes registered. Flags: --port (gRPC, env TEMPORAL_DEV_PORT, default 7233), --ui-port (env
// TEMPORAL_DEV_UI_PORT, default port + 1000), --db-file (default .data/temporal/dev.db), --headless,
// --codec-endpoint URL; anything after `--` goes to `temporal server start-dev` unchanged.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HYBRID_SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';
import { startDevServer } from '../temporal-cli/dev-server.js';

const DEFAULT_PORT = 7233;
const DEFAULT_DB_FILE = '.data/temporal/dev.db';

class UsageError extends Error {}

function parsePort(text: string | undefined, source: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`${source} must be a port number between 1 and 65535, got "${text}".`);
  }
  return port;
}

function readOptions() {
  const { values, positionals } = parseArgs({
    options: {
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      'db-file': { type: 'string' },
      headless: { type: 'boolean', default: false },
      'codec-endpoint': { type: 'string' },
    },
    allowPositionals: true,
  });
  const port =
    parsePort(values.port, '--port') ??
    parsePort(process.env.TEMPORAL_DEV_PORT, 'TEMPORAL_DEV_PORT') ??
    DEFAULT_PORT;
  const uiPort =
    parsePort(values['ui-port'], '--ui-port') ??
    parsePort(process.env.TEMPORAL_DEV_UI_PORT, 'TEMPORAL_DEV_UI_PORT') ??
    port + 1000;
  return {
    port,
    uiPort,
    dbFile: path.resolve(values['db-file'] ?? DEFAULT_DB_FILE),
    headless: values.headless,
    codecEndpoint: values['codec-endpoint'],
    extraArgs: positionals,
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }

  const server = await startDevServer({ ...options, output: process.stderr });
  const attributes = HYBRID_SEARCH_ATTRIBUTES.map((a) => `${a.name}=${a.type}`).join(', ');
  console.log(
    [
      `Temporal dev server ready in ${(server.startupMs / 1000).toFixed(1)} s`,
      `  gRPC        ${server.address}  (namespace ${server.namespace})`,
      `  Web UI      ${server.uiUrl ?? 'off (--headless)'}`,
      `  state       ${options.dbFile}`,
      `  attributes  ${attributes}`,
      options.port === DEFAULT_PORT ? '' : `  export TEMPORAL_ADDRESS=${server.address}`,
      'Press Ctrl-C to stop.',
    ]
      .filter(Boolean)
      .join('\n'),
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  server.process.on('exit', (code, signal) => {
    // Ctrl-C in a terminal signals the server too; that is a normal stop, not a crash.
    if (stopping || signal === 'SIGINT' || signal === 'SIGTERM') return;
    console.error(`The Temporal dev server stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
