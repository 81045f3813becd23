import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opensslBase64 } from '../../../certificate/base64.js';
import { opensslOk } from './openssl.js';

describe('opensslBase64', () => {
  const dir = mkdtempSync(join(tmpdir(), 'b64-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([0, 1, 2, 3, 47, 48, 49, 96, 1000])(
    'prints what openssl base64 prints for %i random bytes',
    (size) => {
      const data = randomBytes(size);
      const file = join(dir, `data-${size}`);
      writeFileSync(file, data);
      expect(opensslBase64(data)).toBe(opensslOk(['base64', '-in', file]));
    },
  );

  it('encodes strings as UTF-8 in 64-character lines ending in a newline', () => {
    const text = 'Zürich\n'.repeat(20);
    const file = join(dir, 'text');
    writeFileSync(file, text, 'utf8');
    const out = opensslBase64(text);
    expect(out).toBe(opensslOk(['base64', '-in', file]));
    expect(out.endsWith('\n')).toBe(true);
    expect(
      out
        .split('\n')
        .slice(0, -2)
        .every((line) => line.length === 64),
    ).toBe(true);
  });
});
