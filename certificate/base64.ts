/**
 * What `openssl base64 -in FILE` prints: standard base64 in 64-character lines, each ending in a
 * newline (so the output ends in one); empty input gives empty output. Strings are taken as UTF-8.
 */
export function opensslBase64(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  return wrapLines(bytes.toString('base64'), 64);
}

/** Splits text into `width`-character lines, each followed by a newline. */
export function wrapLines(text: string, width: number): string {
  let out = '';
  for (let i = 0; i < text.length; i += width) out += `${text.slice(i, i + width)}\n`;
  return out;
}
