import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  installRotatedBundle,
  removeRotationBundle,
  uninstallRotatedBundle,
} from '../../../activities/rotation-bundle.js';
import { BUNDLE_FILE_NAMES, writeBundle } from '../../../certificate/artifacts.js';
import { generateCertificateBundle, type CertificateBundle } from '../../../certificate/bundle.js';
import { DEFAULT_CERTIFICATE_OPTIONS } from '../../../certificate/options.js';

const NAMES = Object.values(BUNDLE_FILE_NAMES);
let oldBundle: CertificateBundle;
let newBundle: CertificateBundle;

beforeAll(async () => {
  [oldBundle, newBundle] = await Promise.all([
    generateCertificateBundle(DEFAULT_CERTIFICATE_OPTIONS, 'password-1'),
    generateCertificateBundle(DEFAULT_CERTIFICATE_OPTIONS, 'password-1'),
  ]);
});

async function setUp() {
  const outputDir = await mkdtemp(join(tmpdir(), 'rotation-bundle-'));
  const rotationDir = join(outputDir, 'rotations', '20261128T221208Z');
  const retiredDir = join(outputDir, 'retired', '20261128T221208Z');
  await writeBundle(outputDir, oldBundle, { force: false });
  await writeBundle(rotationDir, newBundle, { force: false });
  await writeFile(join(rotationDir, 'rotation.json'), '{}\n');
  const input = {
    outputDir,
    rotationDir,
    retiredDir,
    oldSha256: oldBundle.sha256Fingerprint,
    newSha256: newBundle.sha256Fingerprint,
  };
  return { outputDir, rotationDir, retiredDir, input };
}

const certIn = (dir: string) => readFile(join(dir, BUNDLE_FILE_NAMES.cert), 'utf8');
const keyIn = (dir: string) => readFile(join(dir, BUNDLE_FILE_NAMES.key), 'utf8');

describe('installRotatedBundle', () => {
  it('retires the old bundle, puts the new one in place (0600) and leaves only rotation.json behind', async () => {
    const { outputDir, rotationDir, retiredDir, input } = await setUp();

    await installRotatedBundle(input);

    expect(await certIn(outputDir)).toBe(newBundle.certPem);
    expect(await keyIn(outputDir)).toBe(newBundle.keyPemEnc);
    expect(await certIn(retiredDir)).toBe(oldBundle.certPem);
    expect(await keyIn(retiredDir)).toBe(oldBundle.keyPemEnc);
    expect(await readdir(rotationDir)).toEqual(['rotation.json']);
    for (const name of NAMES) {
      expect((await stat(join(outputDir, name))).mode & 0o777).toBe(0o600);
      expect((await stat(join(retiredDir, name))).mode & 0o777).toBe(0o600);
    }
  });

  it('is a no-op when run again after it finished', async () => {
    const { outputDir, retiredDir, input } = await setUp();
    await installRotatedBundle(input);

    await installRotatedBundle(input);

    expect(await certIn(outputDir)).toBe(newBundle.certPem);
    expect(await certIn(retiredDir)).toBe(oldBundle.certPem);
  });

  it('resumes after a crash half-way without retiring a new file as if it were old', async () => {
    const { outputDir, retiredDir, input } = await setUp();
    // The crash: cert.pem was already retired and replaced, the other three not yet.
    await mkdir(retiredDir, { recursive: true });
    await writeFile(join(retiredDir, BUNDLE_FILE_NAMES.cert), oldBundle.certPem, { mode: 0o600 });
    await writeFile(join(outputDir, BUNDLE_FILE_NAMES.cert), newBundle.certPem);

    await installRotatedBundle(input);

    expect(await certIn(outputDir)).toBe(newBundle.certPem);
    expect(await keyIn(outputDir)).toBe(newBundle.keyPemEnc);
    expect(await certIn(retiredDir)).toBe(oldBundle.certPem);
    expect(await keyIn(retiredDir)).toBe(oldBundle.keyPemEnc);
  });

  it('refuses a current bundle that is neither the old nor the new one, touching nothing', async () => {
    const { outputDir, input } = await setUp();
    const other = await generateCertificateBundle(DEFAULT_CERTIFICATE_OPTIONS, 'password-1');
    await writeBundle(outputDir, other, { force: true });

    await expect(installRotatedBundle(input)).rejects.toThrow(/changed during the rotation/);
    expect(await certIn(outputDir)).toBe(other.certPem);
  });
});

describe('uninstallRotatedBundle and removeRotationBundle', () => {
  it('put the old bundle back and remove every directory the rotation made', async () => {
    const { outputDir, rotationDir, retiredDir, input } = await setUp();
    await installRotatedBundle(input);

    await uninstallRotatedBundle({ outputDir, retiredDir });
    await removeRotationBundle({ rotationDir });

    expect(await certIn(outputDir)).toBe(oldBundle.certPem);
    expect(await keyIn(outputDir)).toBe(oldBundle.keyPemEnc);
    expect((await readdir(outputDir)).sort()).toEqual([...NAMES].sort());
  });

  it('leave the current bundle alone when the install never started, and can run twice', async () => {
    const { outputDir, rotationDir, retiredDir } = await setUp();

    for (let i = 0; i < 2; i++) {
      await uninstallRotatedBundle({ outputDir, retiredDir });
      await removeRotationBundle({ rotationDir });
    }

    expect(await certIn(outputDir)).toBe(oldBundle.certPem);
    expect((await readdir(outputDir)).sort()).toEqual([...NAMES].sort());
  });

  it('refuse to delete a directory that is not a rotation directory', async () => {
    const { outputDir } = await setUp();
    await expect(removeRotationBundle({ rotationDir: outputDir })).rejects.toThrow(
      /not a rotations\/<timestamp>/,
    );
    expect((await readdir(outputDir)).length).toBeGreaterThan(0);
  });
});
