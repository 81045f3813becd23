/**
 * Median time to produce the full certificate bundle (cert.pem, cert.pem.b64, key.pem.enc,
 * key.pem.enc.b64) in-process versus the openssl command pipeline the manual procedure runs.
 *
 *   npm run bench:crypto -- [--runs N] [--key-bits BITS]
 *
 * Runs alternate between the two so machine load drifts hit both alike. RSA key generation
 * dominates and its time varies with how soon primes turn up, hence medians over many runs.
 * Prints measurements only.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { writeBundle } from '../certificate/artifacts.js';
import { generateCertificateBundle } from '../certificate/bundle.js';
import { validateCertificateOptions } from '../certificate/options.js';

const run = promisify(execFile);
const OPENSSL = process.env.OPENSSL ?? 'openssl';
const PASSWORD = 'bench-password';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, 'key-bits': { type: 'string', default: '2048' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number greater than 0 (got ${values.runs})`);
  process.exit(2);
}
const options = validateCertificateOptions({ keyBits: Number(values['key-bits']) });

async function inProcess(dir: string): Promise<{ total: number; generate: number }> {
  const start = performance.now();
  const bundle = await generateCertificateBundle(options, PASSWORD);
  const generated = performance.now();
  await writeBundle(dir, bundle, { force: false });
  return { total: performance.now() - start, generate: generated - start };
}

async function opensslPipeline(dir: string): Promise<number> {
  const file = (name: string) => join(dir, name);
  const env = { ...process.env, BENCH_KEY_PASSWORD: PASSWORD };
  await mkdir(dir, { mode: 0o700 });
  const start = performance.now();
  // As the manual procedure does it: the unencrypted key.pem lands on disk between the steps.
  await run(OPENSSL, [
    'req',
    '-new',
    '-x509',
    '-newkey',
    `rsa:${options.keyBits}`,
    '-nodes',
    '-sha256',
    '-days',
    String(options.days),
    '-subj',
    '/CN=PureEngage SAML',
    '-keyout',
    file('key.pem'),
    '-out',
    file('cert.pem'),
  ]);
  await run(
    OPENSSL,
    [
      'rsa',
      '-in',
      file('key.pem'),
      '-aes256',
      '-traditional',
      '-passout',
      'env:BENCH_KEY_PASSWORD',
      '-out',
      file('key.pem.enc'),
    ],
    { env },
  );
  await run(OPENSSL, ['base64', '-in', file('cert.pem'), '-out', file('cert.pem.b64')]);
  await run(OPENSSL, ['base64', '-in', file('key.pem.enc'), '-out', file('key.pem.enc.b64')]);
  return performance.now() - start;
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-crypto-'));
  try {
    return await work(join(dir, 'out'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

function summary(label: string, samples: number[]): number {
  const sorted = [...samples].sort((x, y) => x - y);
  const median = quantile(sorted, 0.5);
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
  console.log(
    `${label.padEnd(34)} median ${fmt(median)}   p25 ${fmt(quantile(sorted, 0.25))}   p75 ${fmt(quantile(sorted, 0.75))}` +
      `   min ${fmt(sorted[0] as number)}   max ${fmt(sorted[sorted.length - 1] as number)}`,
  );
  return median;
}

const opensslVersion = (await run(OPENSSL, ['version'])).stdout.trim();
console.log(
  `bench:crypto  RSA-${options.keyBits}, ${runs} runs each (+1 warm-up), node ${process.version}, ${opensslVersion}`,
);

await inTempDir(inProcess);
await inTempDir(opensslPipeline);
const ours: number[] = [];
const generateOnly: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < runs; i++) {
  const measured = await inTempDir(inProcess);
  ours.push(measured.total);
  generateOnly.push(measured.generate);
  theirs.push(await inTempDir(opensslPipeline));
}

const oursMedian = summary('in-process (generate + write)', ours);
summary('  of which generate (no disk)', generateOnly);
const theirsMedian = summary('openssl pipeline (4 processes)', theirs);
console.log(
  `ratio openssl / in-process (medians): ${(theirsMedian / oursMedian).toFixed(2)}x over ${runs} runs each`,
);
