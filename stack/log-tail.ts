import { open } from 'node:fs/promises';

/** The last `maxLines` lines of a log written since `fromOffset` (this start's output, not earlier runs'). */
export async function readLogTail(file: string, fromOffset = 0, maxLines = 30): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    // The tail is all we show; 64 KiB holds far more than maxLines of any service's output.
    const start = Math.max(fromOffset, size - 64 * 1024);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-maxLines).join('\n');
  } finally {
    await handle.close();
  }
}
