/** From a validated spec (and its resolved secrets) to the verification workflow's input. */
import { toProvisionInput } from '../provisioning/spec-to-input.js';
import type { ProvisioningSpec } from '../spec/schema.js';
import type { ResolvedSpecSecrets } from '../spec/secrets.js';
import { DEFAULT_EXPIRY_THRESHOLDS, type ExpiryThresholds, type VerifyInput } from './types.js';

export interface VerifyOptions {
  expiry?: Partial<ExpiryThresholds>;
  remediate?: boolean;
}

export function toVerifyInput(
  spec: ProvisioningSpec,
  secrets: ResolvedSpecSecrets | undefined,
  options: VerifyOptions = {},
): VerifyInput {
  return {
    provision: toProvisionInput(spec, secrets),
    ...(spec.testUser ? { testUser: { email: spec.testUser.email } } : {}),
    expiry: { ...DEFAULT_EXPIRY_THRESHOLDS, ...options.expiry },
    remediate: options.remediate ?? false,
  };
}
