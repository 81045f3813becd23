/** Exit codes of the `hybrid` CLI. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Bad input the user can fix (a flag, an unset variable, an occupied directory): the CLI prints the message, which
 * names the option and the fix, and exits with 2. Thrown before anything is written or started.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
