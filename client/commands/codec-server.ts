// `hybrid codec-server`: the payload codec over HTTP, so the Temporal Web UI and CLI can show decrypted payloads.
import { Option, type Command } from 'commander';
import { createPayloadCodec } from '../../codec/data-converter.js';
import { loadCodecServerToken, SERVER_TOKEN_ENV } from '../../codec/server-token.js';
import { DEFAULT_ALLOWED_ORIGINS, startCodecServer } from '../codec-server.js';
import { UsageError } from '../usage-error.js';

interface CodecServerFlags {
  port: string;
  host: string;
  allowedOrigin?: string[];
  insecureNoAuth?: boolean;
}

export function register(program: Command): void {
  program
    .command('codec-server')
    .description(
      'Serve POST /encode and /decode for the Temporal Web UI and CLI until Ctrl-C (see codec/README.md)',
    )
    .option('--port <port>', 'port to listen on', '8888')
    .option(
      '--host <address>',
      'address to bind; decrypted payloads are secrets, so loopback unless you mean it',
      '127.0.0.1',
    )
    .addOption(
      new Option(
        '--allowed-origin <origin>',
        `browser origin of a Temporal Web UI allowed to call it; repeatable (default ${DEFAULT_ALLOWED_ORIGINS.join(', ')})`,
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option(
      '--insecure-no-auth',
      'accept requests without the bearer token; loopback hosts only. The start-dev Web UI cannot send a token',
    )
    .action(async (flags: CodecServerFlags) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) {
        throw new UsageError(`--port must be a port number between 0 and 65535, got "${flags.port}".`);
      }
      for (const origin of flags.allowedOrigin ?? []) assertOrigin(origin);

      const codec = await createPayloadCodec();
      let tokenSource: string | undefined;
      let token: string | undefined;
      if (!flags.insecureNoAuth) ({ token, source: tokenSource } = await loadCodecServerToken());

      let server;
      try {
        server = await startCodecServer({
          port,
          host: flags.host,
          allowedOrigins: flags.allowedOrigin,
          codec,
          ...(flags.insecureNoAuth ? { insecureNoAuth: true } : { token }),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new Error(`port ${port} on ${flags.host} is in use; choose another with --port`);
        // startCodecServer refuses insecureNoAuth on a non-loopback host with a message naming the fix.
        if (error instanceof Error && error.message.startsWith('startCodecServer:')) {
          throw new UsageError(error.message.replace('startCodecServer: ', ''));
        }
        throw error;
      }

      const origins = flags.allowedOrigin ?? DEFAULT_ALLOWED_ORIGINS;
      console.log(
        [
          `Codec server listening on ${server.url}`,
          flags.insecureNoAuth
            ? '  auth: none (--insecure-no-auth); only local processes and the allowed origins can reach it'
            : `  auth: Authorization: Bearer <token from ${tokenSource}>`,
          `  allowed UI origins: ${origins.join(', ')}`,
          `  Web UI: temporal server start-dev --ui-codec-endpoint ${server.url}, or the UI's "Configure Codec Server"`,
          `  CLI:    temporal workflow show -w <id> --codec-endpoint ${server.url}` +
            (flags.insecureNoAuth ? '' : ` --codec-auth "Bearer ${tokenShellReference(tokenSource)}"`),
          'Ctrl-C stops it.',
        ].join('\n'),
      );

      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}

/** How a shell reads the token, so the printed command works without the token itself being printed. */
function tokenShellReference(source: string | undefined): string {
  return source === SERVER_TOKEN_ENV ? `$${SERVER_TOKEN_ENV}` : `$(cat ${source})`;
}

function assertOrigin(origin: string): void {
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  // Browsers send Origin as scheme://host[:port] with no path; anything else would never match.
  if (!url || url.origin !== origin) {
    throw new UsageError(
      `--allowed-origin must be an origin like http://localhost:8233 (scheme, host and port, no path), got "${origin}".`,
    );
  }
}
