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

/** Bounded in-memory log: the oldest entries fall off past `limit`. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly limit = 10_000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
