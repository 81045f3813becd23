/**
 * Reading a small file a user named (a `file:` secret, the spec): only a regular file, only up to a limit.
 *
 * Why: a FIFO blocks a plain read forever (the CLI hung on `file:/tmp/fifo` and `--spec /tmp/fifo`), a device
 * such as /dev/zero or /dev/urandom never ends, and a directory or a huge file is never what was meant. The file
 * is opened non-blocking and checked through its descriptor, so what is checked is what is read.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a file was refused; `code` is the errno code for a file that could not be opened at all. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

/** Describes the size limit for messages: 65536 → "64 KiB". */
export function describeBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/**
 * The UTF-8 text of `path`, which must be a regular file of at most `maxBytes`. Throws `UnreadableFileError`
 * whose message says what the path is instead (`is a named pipe (FIFO)`, `is larger than 64 KiB`, `ENOENT`).
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one forever.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UnreadableFileError(code, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UnreadableFileError('ENOTREG', `is ${kindOf(stats)}, not a regular file`);
    if (stats.size > maxBytes) {
      throw new UnreadableFileError(
        'EFBIG',
        `is larger than ${describeBytes(maxBytes)} (${stats.size} bytes)`,
      );
    }
    // Read at most one byte past the limit: a file that grew after the check is refused, not read whole.
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes) {
      throw new UnreadableFileError('EFBIG', `is larger than ${describeBytes(maxBytes)}`);
    }
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
