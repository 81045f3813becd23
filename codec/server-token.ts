import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { projectDataDir, readOrCreateSecretFile } from './local-secret-file.js';

/** Bearer token the codec server requires. When unset, a generated token is kept in `<data dir>/codec-server.token`. */
export const SERVER_TOKEN_ENV = 'HYBRID_CODEC_SERVER_TOKEN';

/** Shorter tokens are guessable; the generated ones are 43 characters. */
export const MIN_TOKEN_LENGTH = 24;

export class CodecServerTokenError extends Error {
  override readonly name = 'CodecServerTokenError';
}

export interface CodecServerToken {
  readonly token: string;
  /** Where the token came from (variable name or file path), for the startup message; never the token. */
  readonly source: string;
}

export interface LoadServerTokenOptions {
  env?: NodeJS.ProcessEnv;
  /** Token file created on first use when the variable is unset (default `<data dir>/codec-server.token`). */
  tokenFile?: string;
}

/** The local token file, beside the default codec key file. */
export function defaultServerTokenPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(projectDataDir(env), 'codec-server.token');
}

/** The codec server's bearer token from `HYBRID_CODEC_SERVER_TOKEN`, else a generated one stored 0600. */
export async function loadCodecServerToken(options: LoadServerTokenOptions = {}): Promise<CodecServerToken> {
  const env = options.env ?? process.env;
  const configured = env[SERVER_TOKEN_ENV];
  if (configured !== undefined) {
    return { token: validToken(configured.trim(), SERVER_TOKEN_ENV), source: SERVER_TOKEN_ENV };
  }
  const path = options.tokenFile ?? defaultServerTokenPath(env);
  const text = await readOrCreateSecretFile(path, () => `${randomBytes(32).toString('base64url')}\n`);
  return { token: validToken(text.trim(), path), source: path };
}

function validToken(token: string, source: string): string {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new CodecServerTokenError(
      `${source} must hold a token of at least ${MIN_TOKEN_LENGTH} characters without whitespace; ` +
        'generate one with `openssl rand -base64 32`.',
    );
  }
  return token;
}
