/**
 * Reads that lag writes. The real API is eventually consistent: Terraform's provider has a consistency checker
 * (`BYPASS_CONSISTENCY_CHECKER`), retries a 404 right after creating OAuth clients and users, waits up to
 * 3 minutes for the user search index after a delete, and retries version conflicts on user PATCH/DELETE
 * (reference §12, TF `genesyscloud/user/…`, `genesyscloud/oauth_client/…`). With a lag of N ms (default 0,
 * off) the emulator models that:
 * - a created object reaches listings and searches only N ms after its create, and a GET by id answers 404
 *   for the first N/2 ms;
 * - a deleted object stays in listings and searches, as it was before the delete, for N ms;
 * - a user written less than N/2 ms ago refuses a DELETE with 409 `general.conflict` (the version the
 *   delete would act on has not settled everywhere yet);
 * - the PureEngage identity provider (a singleton written with PUT, removed with DELETE) answers a GET with
 *   the version before its last write for N/2 ms after it (404 when there was none). Unconfirmed: Terraform
 *   has no PureEngage resource, but its sibling singletons (`idp_okta`, `idp_adfs`, `idp_generic`, …) read
 *   back after every PUT through the consistency checker (retrying while the read differs from what was
 *   written, genesyscloud/idp_okta/resource_genesyscloud_idp_okta.go `updateIdpOkta` → `readIdpOkta`) and
 *   wait up to 60 s for a 404 after a DELETE (`deleteIdpOkta`), which they would not need if reads were
 *   immediate.
 * The timings are the emulator's model, not measured figures (emulator/README.md).
 * Bookkeeping lives here, in memory only (not in the state file): the lag is a test mode, not org state.
 */
import type { JsonObject } from './routes/validate.js';

export type LaggedKind = 'client' | 'user' | 'role';

/** The PureEngage provider as GETs still answer it, until `at` + N/2. */
interface ProviderWrite {
  at: number;
  /** The provider before the write that started the window; null when there was none (GET: 404). */
  previous: unknown;
}

interface Deletion<T> {
  at: number;
  orgId: string;
  /** The object as listings showed it before the delete. */
  ghost: T;
}

export class ConsistencyLag {
  private created = new Map<string, number>();
  private written = new Map<string, number>();
  private deleted = new Map<string, Deletion<unknown>>();
  /** PureEngage provider writes, by org id. */
  private providerWrites = new Map<string, ProviderWrite>();

  constructor(
    private lagMs: number,
    private readonly now: () => number,
  ) {}

  get ms(): number {
    return this.lagMs;
  }

  set(ms: number): void {
    this.lagMs = ms;
    if (ms === 0) this.clear();
  }

  clear(): void {
    this.created.clear();
    this.written.clear();
    this.deleted.clear();
    this.providerWrites.clear();
  }

  /**
   * Before a PUT or DELETE of an org's PureEngage provider: `previous` is the provider as it is until then
   * (undefined/null: none). A write inside the window of an earlier one keeps that one's `previous` (GETs have
   * not caught up with either) and starts the window again.
   */
  noteProviderWrite<T>(orgId: string, previous: T | null | undefined): void {
    if (this.lagMs === 0) return;
    const pending = this.providerWrites.get(orgId);
    const keep = pending && this.within(pending.at, this.lagMs / 2);
    this.providerWrites.set(orgId, {
      at: this.now(),
      previous: keep ? pending.previous : previous == null ? null : structuredClone(previous),
    });
  }

  /**
   * What a GET of the org's PureEngage provider answers: `current`, or for N/2 ms after a write the version
   * before it (null: 404).
   */
  providerAsRead<T>(orgId: string, current: T | undefined): T | null {
    const pending = this.providerWrites.get(orgId);
    if (pending && this.within(pending.at, this.lagMs / 2)) return pending.previous as T | null;
    if (pending) this.providerWrites.delete(orgId);
    return current ?? null;
  }

  noteCreated(kind: LaggedKind, id: string): void {
    if (this.lagMs === 0) return;
    this.created.set(`${kind}:${id}`, this.now());
    this.noteWritten(kind, id);
  }

  noteWritten(kind: LaggedKind, id: string): void {
    if (this.lagMs > 0) this.written.set(`${kind}:${id}`, this.now());
  }

  /** `ghost` is a copy of the record as it was before the delete. */
  noteDeleted<T>(kind: LaggedKind, orgId: string, id: string, ghost: T): void {
    if (this.lagMs === 0) return;
    this.deleted.set(`${kind}:${id}`, { at: this.now(), orgId, ghost: structuredClone(ghost) });
    this.noteWritten(kind, id);
  }

  /** A restored object is no longer a deleted one. */
  forgetDeletion(kind: LaggedKind, id: string): void {
    this.deleted.delete(`${kind}:${id}`);
  }

  /** True while a GET by id of a just-created object still answers 404 (the first N/2 ms). */
  hiddenFromGet(kind: LaggedKind, id: string): boolean {
    return this.within(this.created.get(`${kind}:${id}`), this.lagMs / 2);
  }

  /** True while a user DELETE would meet a version that has not settled (N/2 ms after its last write). */
  unsettled(kind: LaggedKind, id: string): boolean {
    return this.within(this.written.get(`${kind}:${id}`), this.lagMs / 2);
  }

  /**
   * What a listing or search sees: objects created less than N ms ago are left out, and objects deleted
   * less than N ms ago are shown as they were (in place of their current record, or added back).
   */
  listed<T extends { id: string }>(kind: LaggedKind, orgId: string, records: T[]): T[] {
    if (this.lagMs === 0 || (this.created.size === 0 && this.deleted.size === 0)) return records;
    this.prune();
    const seen = new Set<string>();
    const out: T[] = [];
    for (const record of records) {
      seen.add(record.id);
      const deletion = this.deleted.get(`${kind}:${record.id}`);
      if (deletion) out.push(deletion.ghost as T);
      else if (!this.within(this.created.get(`${kind}:${record.id}`), this.lagMs)) out.push(record);
    }
    for (const [key, deletion] of this.deleted) {
      const [k, id] = splitKey(key);
      if (k === kind && deletion.orgId === orgId && !seen.has(id)) out.push(deletion.ghost as T);
    }
    return out;
  }

  private within(at: number | undefined, windowMs: number): boolean {
    return at !== undefined && this.now() - at < windowMs;
  }

  /** Drops bookkeeping older than the lag: it no longer changes any answer. */
  private prune(): void {
    const now = this.now();
    for (const [key, at] of this.created) if (now - at >= this.lagMs) this.created.delete(key);
    for (const [key, at] of this.written) if (now - at >= this.lagMs) this.written.delete(key);
    for (const [key, d] of this.deleted) if (now - d.at >= this.lagMs) this.deleted.delete(key);
  }
}

function splitKey(key: string): [string, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
}

/** Control-API body of `PUT /__emulator/consistency`. */
export function readLagMs(body: JsonObject): number | undefined {
  const value = body.lagMs;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 600_000
    ? value
    : undefined;
}
