import type { DataConverter } from '@temporalio/common';
import { sourcePath } from '../build/layout.js';
import { EncryptionCodec } from './encryption-codec.js';
import {
  defaultKeyFilePath,
  KEY_ENV,
  KEY_FILE_ENV,
  loadKeyring,
  type CodecKeyring,
  type LoadKeyringOptions,
} from './keys.js';

/**
 * Absolute path of the module exporting `failureConverter = new DefaultFailureConverter({ encodeCommonAttributes:
 * true })`. SDK 1.24's `DataConverter` takes a failure converter only as a path (the workflow sandbox needs it
 * bundled), so this path is part of the converter. A worker with a prebuilt bundle must pass it to
 * `bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH })` as well.
 */
export const FAILURE_CONVERTER_PATH = sourcePath('codec/failure-converter.cjs');

export interface CreateDataConverterOptions extends LoadKeyringOptions {
  /** Use these keys instead of loading them from the environment (tests, tools); never memoised. */
  keyring?: CodecKeyring;
}

const memo = new Map<string, Promise<EncryptionCodec>>();

/**
 * The payload codec for this process. Loaded once per key source and then shared, so that the worker, the client
 * and the codec server in one process read the key file once.
 */
export async function createPayloadCodec(options: CreateDataConverterOptions = {}): Promise<EncryptionCodec> {
  if (options.keyring) return new EncryptionCodec(options.keyring);

  const cacheKey = keySourceIdentity(options);
  let codec = memo.get(cacheKey);
  if (!codec) {
    codec = loadKeyring(options).then((keyring) => new EncryptionCodec(keyring));
    memo.set(cacheKey, codec);
    // A failed load (e.g. a malformed key) must not stick: the operator fixes it and the next call retries.
    codec.catch(() => memo.delete(cacheKey));
  }
  return codec;
}

/**
 * The data converter for both `new Client({ dataConverter })` and `Worker.create({ dataConverter })`: payloads
 * are encrypted by the AES-256-GCM codec and failure messages and stack traces are encoded (then encrypted)
 * through `failureConverterPath`.
 */
export async function createDataConverter(options: CreateDataConverterOptions = {}): Promise<DataConverter> {
  const codec = await createPayloadCodec(options);
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}

function keySourceIdentity(options: LoadKeyringOptions): string {
  const env = options.env ?? process.env;
  // The inline keys are part of the identity only so that a changed variable yields a new codec; the map lives
  // in this process's memory next to process.env itself.
  return JSON.stringify([
    env[KEY_FILE_ENV] ?? null,
    env[KEY_ENV] ?? null,
    options.defaultKeyFile ?? defaultKeyFilePath(env),
  ]);
}
