/**
 * The certificate rotation workflow's input, status and result. Like provisioning/types.ts these cross the
 * Temporal boundary, so they hold plain data only: the key password travels as a reference or (with the payload
 * codec) as a value, never a key. The workflow imports this file for types only.
 */
import type { CertificateOptions } from '../certificate/options.js';
import type { PureEngageProvider } from '../purecloud/types.js';
import type { SecretRef } from '../secrets/secret-ref.js';
import type { GenesysTarget, RunStatus, StepFailure, StepStatus } from './types.js';

export interface RotateCertificateInput {
  org: string;
  target: GenesysTarget;
  /** Absolute directory holding the current bundle (`cert.pem`, `key.pem.enc`, …): the spec's `output`. */
  outputDir: string;
  /** The spec's certificate section: the new bundle is made with the same options and password. */
  certificate: { options: CertificateOptions; password: SecretRef };
  /** How long the provider trusts both certificates before the old one is removed. */
  graceMs: number;
}

/** A certificate as rotation reports it: enough to recognise it, nothing secret. */
export interface CertificateIdentity {
  sha256: string;
  notAfter: string;
  subject: string;
}

/** What the rotation found before changing anything; recorded in history, every undo is derived from it. */
export interface RotationSnapshot {
  /** The provider exactly as GET returned it, minus `id`/`selfUri`: what a restoring PUT sends back. */
  provider: PureEngageProvider;
  /** The certificate of the bundle currently in `outputDir`, which the provider trusts. */
  old: CertificateIdentity & { certificateBody: string };
  /**
   * Certificates the provider trusts besides the old one (bare base64 DER). Rotation did not put them there,
   * so it keeps them: it only ever adds the new certificate and removes the old one.
   */
  otherCertificates: string[];
}

export type RotationStepName =
  'preflight' | 'new-bundle' | 'trust-both' | 'grace' | 'trust-new-only' | 'install';

export type RotationStepStatus = StepStatus;

export interface RotationStep {
  step: RotationStepName;
  status: RotationStepStatus;
  detail?: string;
  startedAt?: string;
  endedAt?: string;
}

/** A provisioning run's statuses, plus the grace period while both certificates are trusted. */
export type RotationRunStatus = RunStatus | 'grace';

/** The `rotationStatus` query's answer. */
export interface RotationStatus {
  org: string;
  status: RotationRunStatus;
  steps: RotationStep[];
  /** `<output>/rotations/<UTC timestamp>`: where the new bundle and rotation.json are written. */
  rotationDir: string;
  old?: CertificateIdentity;
  new?: CertificateIdentity;
  /** Set once the provider trusts both certificates. */
  graceEndsAt?: string;
  /** True once `finishRotationNow` arrived. */
  finishRequested: boolean;
  failure?: StepFailure;
}

/** `rotation.json`, beside the new bundle: the durable, human-readable record of one rotation. */
export interface RotationRecord {
  org: string;
  status: 'grace' | 'completed';
  old: CertificateIdentity;
  new: CertificateIdentity;
  startedAt: string;
  graceEndsAt: string;
  /** Set when the grace period ended by `finishRotationNow` rather than by its timer. */
  finishedEarlyAt?: string;
  completedAt?: string;
  /** Where the old bundle went when the new one took its place. */
  retiredDir?: string;
}

export interface RotateCertificateResult {
  org: string;
  status: 'completed';
  old: CertificateIdentity;
  new: CertificateIdentity;
  /** The four files of the now-current bundle, in `outputDir`. */
  certificateFiles: Record<'cert' | 'certB64' | 'key' | 'keyB64', string>;
  rotationDir: string;
  retiredDir: string;
  /** Whether `finishRotationNow` ended the grace period before its timer. */
  finishedEarly: boolean;
}
