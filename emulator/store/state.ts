import type { ClientRecord, OrgState, TokenRecord } from './types.js';

/** Serialised form of the whole emulator (state file). */
export interface StateSnapshot {
  version: 1;
  defaultOrgId: string;
  orgs: OrgState[];
  tokens: TokenRecord[];
}

/**
 * All orgs and issued tokens. Mutations happen synchronously inside one request handler, so every
 * operation is atomic with respect to other requests; `markChanged` tells persistence to save.
 */
export class EmulatorStore {
  readonly orgs = new Map<string, OrgState>();
  readonly tokens = new Map<string, TokenRecord>();
  defaultOrgId = '';
  private listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  markChanged(): void {
    for (const listener of this.listeners) listener();
  }

  addOrg(org: OrgState): void {
    this.orgs.set(org.id, org);
  }

  /** Finds an org by id or by its thirdPartyOrgName (case-insensitive, as the login host treats orgName). */
  findOrg(idOrName: string): OrgState | undefined {
    const byId = this.orgs.get(idOrName);
    if (byId) return byId;
    const lower = idOrName.toLowerCase();
    for (const org of this.orgs.values()) if (org.thirdPartyOrgName.toLowerCase() === lower) return org;
    return undefined;
  }

  defaultOrg(): OrgState {
    const org = this.orgs.get(this.defaultOrgId);
    if (!org) throw new Error('the emulator has no default org');
    return org;
  }

  /** Client ids are globally unique, as on the real login host. */
  findClient(clientId: string): { org: OrgState; client: ClientRecord } | undefined {
    for (const org of this.orgs.values()) {
      const client = org.clients.find((c) => c.id === clientId);
      if (client) return { org, client };
    }
    return undefined;
  }

  snapshot(): StateSnapshot {
    return {
      version: 1,
      defaultOrgId: this.defaultOrgId,
      orgs: [...this.orgs.values()],
      tokens: [...this.tokens.values()],
    };
  }

  restore(snapshot: StateSnapshot): void {
    this.orgs.clear();
    this.tokens.clear();
    for (const org of snapshot.orgs) this.orgs.set(org.id, org);
    for (const token of snapshot.tokens) this.tokens.set(token.token, token);
    this.defaultOrgId = snapshot.defaultOrgId;
  }

  clear(): void {
    this.orgs.clear();
    this.tokens.clear();
    this.defaultOrgId = '';
  }
}
