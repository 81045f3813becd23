/**
 * Requests whose client went away before the body arrived. Nothing is wrong with the emulator, so no stack trace:
 * a burst of aborts (a load test that gives up, a client killed mid-upload) is reported as one line per second
 * with the count, instead of one trace per request (one burst printed 3,333 traces).
 */

/** The client closed the connection while its request body was still being read. */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError';
}

export interface AbortedRequestLog {
  /** Counts one aborted request; the count is written within `windowMs`, in one line. */
  note(method: string, path: string): void;
  /** Writes what is counted now (at shutdown). */
  flush(): void;
}

export function abortedRequestLog(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  windowMs = 1000,
): AbortedRequestLog {
  let count = 0;
  let example = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (count === 0) return;
    const what = count === 1 ? '1 request' : `${count} requests`;
    write(`emulator: ${what} aborted by the client before the body was read (e.g. ${example})`);
    count = 0;
  };
  return {
    note(method, path) {
      count += 1;
      example = `${method} ${path}`;
      if (!timer) {
        timer = setTimeout(flush, windowMs);
        timer.unref();
      }
    },
    flush,
  };
}
