/** Durations given on the command line (`--grace 7d`, `--timeout 10m`): a whole number and a unit. */
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `text` as milliseconds: a positive whole number followed by s, m, h or d; errors name the flag. */
export function parseDuration(text: string, flag: string, maxMs = Infinity, maxText = ''): number {
  const match = /^\s*(\d+)\s*([smhd])\s*$/i.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]! : NaN;
  if (!match || !(ms > 0)) {
    throw new RangeError(
      `${flag} must be a positive whole number followed by s, m, h or d, e.g. 90s or 7d (got "${text}")`,
    );
  }
  if (ms > maxMs)
    throw new RangeError(`${flag} ${text.trim()} is longer than ${maxText}; choose a shorter period`);
  return ms;
}
