/**
 * Certificate bundles generated ahead of their write, held in this worker process until the write takes them.
 *
 * Provisioning generates the key pair while its preflight reads the org (the RSA key generation is the run's
 * longest step and needs nothing the preflight reads), but writes the bundle only once the preflight has
 * passed, so that a refused run leaves nothing on disk. The bundle waits here, in memory, between the two
 * activities. It is never put in workflow history: history is shared with every reader of the namespace, and
 * the bundle carries the (password-encrypted) private key.
 *
 * Best effort by design: the write activity generates a bundle itself when none is waiting for its run (it
 * runs on another worker, this worker restarted, the entry expired), so correctness never depends on this
 * cache; only the speed does.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { CertificateBundle } from './bundle.js';
import type { CertificateOptions } from './options.js';

/** Longer than a preflight that retries through an outage usually takes; an entry left behind is dropped then. */
const KEEP_MS = 10 * 60_000;
/** About 4 KiB each: a bound on memory when runs never come back for theirs (refused preflights). */
const MAX_ENTRIES = 1_000;

/** Ties an entry to the options and password it was made with; the key never leaves this process. */
const FINGERPRINT_KEY = randomBytes(32);

function inputsFingerprint(options: CertificateOptions, password: string): string {
  return createHmac('sha256', FINGERPRINT_KEY)
    .update(JSON.stringify(options))
    .update('\0')
    .update(password)
    .digest('hex');
}

interface Entry {
  bundle: CertificateBundle;
  fingerprint: string;
  expiresAt: number;
}

export class PreparedBundles {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  put(run: string, options: CertificateOptions, password: string, bundle: CertificateBundle): void {
    this.dropExpired();
    this.entries.delete(run);
    while (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(run, {
      bundle,
      fingerprint: inputsFingerprint(options, password),
      expiresAt: this.now() + KEEP_MS,
    });
  }

  /**
   * The bundle prepared for `run` with these options and password, removed from the store; undefined when
   * there is none (or it was made with other inputs, which a run's own retry never does, or expired).
   */
  take(run: string, options: CertificateOptions, password: string): CertificateBundle | undefined {
    this.dropExpired();
    const entry = this.entries.get(run);
    this.entries.delete(run);
    if (!entry || entry.fingerprint !== inputsFingerprint(options, password)) return undefined;
    return entry.bundle;
  }

  get size(): number {
    return this.entries.size;
  }

  private dropExpired(): void {
    const now = this.now();
    // Insertion order is expiry order: stop at the first live entry.
    for (const [run, entry] of this.entries) {
      if (entry.expiresAt > now) return;
      this.entries.delete(run);
    }
  }
}

/** The worker's store, shared by its activities. */
export const preparedBundles = new PreparedBundles();
