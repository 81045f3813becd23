// Values the integration global setups hand to tests via project.provide / inject.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the Temporal dev server started by setup/temporal.ts. */
    temporalAddress: string;
    temporalNamespace: string;
    /** Base URL of the Genesys Cloud emulator started by setup/emulator.ts. */
    emulatorUrl: string;
    emulatorAdminClientId: string;
    emulatorAdminClientSecret: string;
  }
}
