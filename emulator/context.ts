import type { RequestLogEntry } from './request-log.js';
import type { ConsistencyLag } from './consistency.js';
import type { SamlVerifier } from './saml-verifier.js';
import type { EmulatorStore } from './store/state.js';

/** What route handlers may use: the state, the clock, the change signal, and the SAML verifier. */
export interface AppContext {
  store: EmulatorStore;
  /** Milliseconds since the epoch; injectable so tests can expire tokens. */
  now(): number;
  /** Call after every mutation so persistence saves the state. */
  changed(): void;
  /** Reads lagging writes (off unless a lag is set). */
  consistency: ConsistencyLag;
  /** Resolves the SAML response verifier; undefined when the module is not available. */
  samlVerifier(): Promise<SamlVerifier | undefined>;
  /** The request log (bounded, cleared by the control API): what the OAuth client usage queries count. */
  requests?(): readonly RequestLogEntry[];
}
