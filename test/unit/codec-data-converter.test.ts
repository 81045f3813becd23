import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ApplicationFailure, DefaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDataConverter,
  createPayloadCodec,
  FAILURE_CONVERTER_PATH,
} from '../../codec/data-converter.js';
import { EncryptionCodec } from '../../codec/encryption-codec.js';
import { CodecServerTokenError, loadCodecServerToken } from '../../codec/server-token.js';

const SECRET = 'failure-message-secret-9d2e';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'codec-dc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createDataConverter', () => {
  it('gives the encryption codec and the failure converter path that Client and Worker both load', async () => {
    const converter = await createDataConverter({ env: {}, defaultKeyFile: join(dir, 'codec.key') });

    expect(converter.payloadCodecs).toHaveLength(1);
    expect(converter.payloadCodecs?.[0]).toBeInstanceOf(EncryptionCodec);
    expect(converter.failureConverterPath).toBe(FAILURE_CONVERTER_PATH);

    // loadDataConverter is what `new Client()` and `Worker.create()` run on the option: a plain require() of the path.
    const loaded = loadDataConverter(converter);
    expect(loaded.failureConverter).toBeInstanceOf(DefaultFailureConverter);
    expect((loaded.failureConverter as DefaultFailureConverter).options.encodeCommonAttributes).toBe(true);
  });

  it('moves failure messages and stack traces out of plaintext fields into an encodable payload', () => {
    const { failureConverter } = createRequire(import.meta.url)(FAILURE_CONVERTER_PATH) as {
      failureConverter: DefaultFailureConverter;
    };

    const failure = failureConverter.errorToFailure(
      ApplicationFailure.create({ message: SECRET, type: 'Boom' }),
      defaultPayloadConverter,
    );

    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(failure.encodedAttributes).toBeTruthy();
  });

  it('memoises the codec per key source and builds a new one for another source', async () => {
    const env = { HYBRID_CODEC_KEY: `m1:${randomBytes(32).toString('base64')}` };

    const first = await createPayloadCodec({ env });
    const again = await createPayloadCodec({ env: { ...env } });
    const other = await createPayloadCodec({
      env: { HYBRID_CODEC_KEY: `m2:${randomBytes(32).toString('base64')}` },
    });

    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(other.activeKeyId).toBe('m2');
  });

  it('retries after a failed key load instead of caching the failure', async () => {
    const file = join(dir, 'keys.txt');
    const env = { HYBRID_CODEC_KEY_FILE: file };

    await expect(createPayloadCodec({ env })).rejects.toThrow(/HYBRID_CODEC_KEY_FILE points to/);
    await writeFile(file, `fixed:${randomBytes(32).toString('base64')}\n`);

    expect((await createPayloadCodec({ env })).activeKeyId).toBe('fixed');
  });
});

describe('outside vitest', () => {
  it('loads and round-trips under tsx, the way the worker and the CLI run', async () => {
    // vitest's module interop hides CommonJS named-export problems (e.g. `import { temporal } from
    // '@temporalio/proto'`) that break plain Node ESM, so load the codec in a real tsx process once.
    const script = [
      "const { createPayloadCodec } = await import('./codec/data-converter.ts');",
      "const codec = await createPayloadCodec({ env: { HYBRID_CODEC_KEY: 'k:' + Buffer.alloc(32, 7).toString('base64') } });",
      'const encoded = await codec.encode([{ metadata: {}, data: Buffer.from("tsx") }]);',
      'const [decoded] = await codec.decode(encoded);',
      'process.stdout.write(Buffer.from(decoded.data).toString());',
    ].join('\n');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)) },
    );

    expect(stdout).toBe('tsx');
  });
});

describe('loadCodecServerToken', () => {
  it('takes HYBRID_CODEC_SERVER_TOKEN when set', async () => {
    const token = 'a'.repeat(32);

    expect(await loadCodecServerToken({ env: { HYBRID_CODEC_SERVER_TOKEN: token } })).toEqual({
      token,
      source: 'HYBRID_CODEC_SERVER_TOKEN',
    });
  });

  it('refuses a short token, naming the variable but not echoing the token', async () => {
    const error = await loadCodecServerToken({ env: { HYBRID_CODEC_SERVER_TOKEN: 'short-token' } }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(CodecServerTokenError);
    expect((error as Error).message).toContain('HYBRID_CODEC_SERVER_TOKEN must hold a token of at least 24');
    expect((error as Error).message).not.toContain('short-token');
  });

  it('generates a token file 0600 on first use and reuses it', async () => {
    const tokenFile = join(dir, 'data', 'codec-server.token');

    const first = await loadCodecServerToken({ env: {}, tokenFile });
    const second = await loadCodecServerToken({ env: {}, tokenFile });

    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.token).toBe(first.token);
    expect(first.source).toBe(tokenFile);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
  });
});
