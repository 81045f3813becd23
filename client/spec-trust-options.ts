/** The command-line flags that let a spec do what it may not do alone (spec/trust.ts), for every --spec command. */
import type { SpecTrust } from '../spec/load.js';

export interface SpecTrustFlags {
  allowCustomEnvironment?: string;
  allowOutputOutsideSpec?: boolean;
}

/** `.option(...ALLOW_CUSTOM_ENVIRONMENT)` */
export const ALLOW_CUSTOM_ENVIRONMENT = [
  '--allow-custom-environment <url>',
  "send the credentials to this https base URL although it is not a Genesys Cloud region (the spec's environment must be it)",
] as const;

/** `.option(...ALLOW_OUTPUT_OUTSIDE_SPEC)` */
export const ALLOW_OUTPUT_OUTSIDE_SPEC = [
  '--allow-output-outside-spec',
  "let a relative output path leave the spec's folder (an absolute path needs no flag)",
] as const;

export function specTrustOf(flags: SpecTrustFlags): SpecTrust {
  return {
    customEnvironment: flags.allowCustomEnvironment,
    outputOutsideSpecFolder: flags.allowOutputOutsideSpec === true,
  };
}
