/** A bench flag that must be a whole number of at least `min`: its value, or an error naming the flag. */
export function wholeNumberFlag(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`--${flag} must be a whole number of at least ${min} (got "${text}")`);
  }
  return n;
}
