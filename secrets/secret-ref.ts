import { readRegularFile, UnreadableFileError } from '../text/read-regular-file.js';
import { registerSecret } from './redaction.js';

/** A secret file holds one secret (a password, a client secret), never more than this. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/**
 * What a `file:` reference leads to: a regular file up to 64 KiB. Never a FIFO (a read would hang), a device
 * (/dev/zero never ends) or a directory. Throws `UnreadableFileError` saying what the path is instead.
 */
export function readSecretFile(path: string): Promise<string> {
  return readRegularFile(path, MAX_SECRET_FILE_BYTES);
}

/** The reason a secret file cannot be used, for a message `file <path> <reason>`. */
export function secretFileProblem(error: unknown): string {
  if (error instanceof UnreadableFileError) return error.message;
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
}

/**
 * Where a secret comes from. `env` and `file` are references resolved where the secret is used (the
 * worker); `value` carries the secret itself and belongs only in payloads a codec encrypts.
 */
export type SecretRef = { env: string } | { file: string } | { value: string };

/** A secret reference that is malformed or does not lead to a secret. Never contains the secret. */
export class SecretRefError extends Error {
  override readonly name = 'SecretRefError';
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses `env:NAME` or `file:PATH`. Anything else is refused without echoing it, since a user who
 * got the syntax wrong may well have pasted the secret itself.
 */
export function parseSecretRef(text: string, field: string): SecretRef {
  const raw = typeof text === 'string' ? text.trim() : '';
  if (raw.startsWith('env:')) {
    const name = raw.slice(4).trim();
    if (!ENV_NAME.test(name)) {
      throw new SecretRefError(
        field,
        `${field}: "env:" must be followed by an environment variable name, e.g. env:KEY_PASSWORD`,
      );
    }
    return { env: name };
  }
  if (raw.startsWith('file:')) {
    const path = raw.slice(5).trim();
    if (path === '') {
      throw new SecretRefError(
        field,
        `${field}: "file:" must be followed by a path, e.g. file:/run/secrets/key-password`,
      );
    }
    return { file: path };
  }
  throw new SecretRefError(
    field,
    `${field} must be a reference such as env:KEY_PASSWORD or file:/run/secrets/key-password, not the secret itself`,
  );
}

/** `env:NAME`, `file:PATH` or `value:<redacted>`: safe for logs and messages. */
export function describeSecretRef(ref: SecretRef): string {
  if ('env' in ref) return `env:${ref.env}`;
  if ('file' in ref) return `file:${ref.file}`;
  return 'value:<redacted>';
}

function isSecretRef(ref: unknown): ref is SecretRef {
  if (typeof ref !== 'object' || ref === null) return false;
  const keys = Object.keys(ref);
  if (keys.length !== 1) return false;
  const [key] = keys as [string];
  return ['env', 'file', 'value'].includes(key) && typeof (ref as Record<string, unknown>)[key] === 'string';
}

/**
 * Reads the secret a reference points to. A file's single trailing newline (as `echo` writes) is
 * dropped; otherwise the content is taken as is. An unset or empty variable, a missing or empty file
 * is an error naming `field` and what to set.
 */
export async function resolveSecret(ref: SecretRef, field: string): Promise<string> {
  const value = await readSecret(ref, field);
  // Whatever a reference leads to is a secret by definition: keep it out of this process's log lines.
  registerSecret(value);
  return value;
}

async function readSecret(ref: SecretRef, field: string): Promise<string> {
  if (!isSecretRef(ref)) {
    throw new SecretRefError(
      field,
      `${field} must be one of { env: NAME }, { file: PATH } or { value: ... }`,
    );
  }
  if ('env' in ref) {
    const value = process.env[ref.env];
    if (value === undefined || value === '') {
      throw new SecretRefError(
        field,
        `${field}: environment variable ${ref.env} is ${value === undefined ? 'not set' : 'empty'}; ` +
          `set it where the worker runs (export ${ref.env}=...) or use file:PATH`,
      );
    }
    return value;
  }
  if ('file' in ref) {
    let content: string;
    try {
      content = await readSecretFile(ref.file);
    } catch (err) {
      throw new SecretRefError(
        field,
        `${field}: file ${ref.file} ${secretFileProblem(err)}; point it at a regular file containing only the secret, or use env:NAME`,
      );
    }
    const value = content.replace(/\r?\n$/, '');
    if (value === '') {
      throw new SecretRefError(field, `${field}: file ${ref.file} is empty; write the secret into it`);
    }
    return value;
  }
  if (ref.value === '') throw new SecretRefError(field, `${field} is empty; give the secret`);
  return ref.value;
}
