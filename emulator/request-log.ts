/** One line of `GET /__emulator/requests`. Never carries bodies, query strings or credentials. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  clientId?: string;
  userId?: string;
  durationMs: number;
  correlationId: string;
  /** Set when an injected fault shaped the answer, e.g. `error:503`, `rateLimit`, `loseResponse:drop`. */
  fault?: string;
}

/**
 * Bounded in-memory log: the oldest entries fall off past `limit`. A ring buffer: once full, `add` overwrites the
 * oldest slot instead of shifting 10,000 entries down by one (`splice(0, 1)`) on every request.
 */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  /** Index of the oldest entry once the buffer is full (the next slot to overwrite). */
  private start = 0;

  constructor(private readonly limit = 10_000) {}

  add(entry: RequestLogEntry): void {
    if (this.entries.length < this.limit) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.start] = entry;
    this.start = (this.start + 1) % this.limit;
  }

  /** Oldest first. */
  list(): RequestLogEntry[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }
}
