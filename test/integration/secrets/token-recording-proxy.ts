/**
 * A pass-through HTTP proxy in front of the emulator that writes down every access token the emulator's
 * `/oauth/token` endpoint issues. The secret scan needs the tokens of the run, and reading them off the wire is
 * independent of the code under test (which registers tokens for redaction itself).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface TokenRecordingProxy {
  /** Base URL to use as the spec's `environment`. */
  url: string;
  /** Every `access_token` issued through the proxy, in order. */
  readonly tokens: string[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startTokenRecordingProxy(targetUrl: string): Promise<TokenRecordingProxy> {
  const tokens: string[] = [];

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const answer = await request(`${targetUrl}${req.url ?? '/'}`, {
      method: (req.method ?? 'GET') as 'GET',
      headers,
      body: body.length > 0 ? body : undefined,
    });
    const text = Buffer.from(await answer.body.arrayBuffer());
    if (req.url?.startsWith('/oauth/token')) {
      try {
        const token = (JSON.parse(text.toString('utf8')) as { access_token?: unknown }).access_token;
        if (typeof token === 'string') tokens.push(token);
      } catch {
        // An error answer of the token endpoint carries no token.
      }
    }
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
    }
    res.writeHead(answer.statusCode).end(text);
  }

  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.writeHead(502).end(`proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
