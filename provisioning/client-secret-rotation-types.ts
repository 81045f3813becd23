/**
 * The client-secret rotation workflow's input, status and result. Plain data: they cross the Temporal boundary. No
 * secret ever appears here; the new secret goes from the API response straight into the client's 0600 file.
 */
import type { OAuthClientRequest } from '../purecloud/types.js';
import type { ProvisionProgress } from './types.js';
import type { GenesysTarget } from './types.js';

export type ClientSecretRotationMode = 'blue-green' | 'in-place';

export interface RotateClientSecretInput {
  org: string;
  target: GenesysTarget;
  /**
   * The spec's output folder: the client's secret file is `<output>/oauth-clients/<slug>-<hash>.secret.json`
   * (secrets/client-secret-file-name.ts has the rule).
   */
  outputDir: string;
  /** The client's name in the spec (and in the org). */
  clientName: string;
  mode: ClientSecretRotationMode;
  /** Blue/green: how long the old client stays usable at most. */
  graceMs: number;
  /** Blue/green: how often the old client's usage is read during the grace period. */
  usagePollMs: number;
}

/** The client as preflight found it: what the twin copies and what compensation restores. */
export interface ClientRotationSnapshot {
  id: string;
  request: OAuthClientRequest;
  state: 'active' | 'disabled' | 'inactive';
}

/** How the grace period ended. */
export type GraceEnd = 'elapsed' | 'finish-signal' | 'no-use';

export interface ClientSecretRotationStatus extends ProvisionProgress {
  phase: 'running' | 'grace' | 'completed' | 'compensating' | 'rolled-back' | 'compensation-failed';
  mode: ClientSecretRotationMode;
  oldClientId?: string;
  newClientId?: string;
  graceEndsAt?: string;
  finishRequested: boolean;
  /** Requests the old client made in the last usage window read (blue/green, during the grace period). */
  lastUsage?: { interval: string; requests: number };
}

export interface RotateClientSecretResult {
  org: string;
  clientName: string;
  mode: ClientSecretRotationMode;
  /** Blue/green: the old client, now deleted; in place: the same id as `clientId`. */
  oldClientId: string;
  clientId: string;
  secretFile: string;
  /** Blue/green only. */
  graceEnd?: GraceEnd;
}
