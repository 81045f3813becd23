/** The emulator's control API client, as the integration tests import it. */
export { EmulatorControlClient } from '../../../emulator/control-client.js';
