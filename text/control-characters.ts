/**
 * Control characters in names: one rule for every name this tool takes in (spec fields, the certificate
 * subject) and one escape for every value it prints that came from elsewhere (the Genesys API, history).
 *
 * Why: a name is sent to Genesys Cloud and printed on terminals. C0/C1 controls carry ANSI and OSC escape
 * sequences (recolour the terminal, set its title, write hyperlinks), DEL and NUL truncate or corrupt text in
 * other systems, and the bidirectional overrides and isolates reorder what a reader sees ("Trojan Source",
 * CVE-2021-42574), so a name can look like another.
 */

/** C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F), bidi embeddings/overrides and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** The first control character in `text`, as `U+001B`, or undefined when there is none. */
export function findControlCharacter(text: string): string | undefined {
  const match = CONTROL_CHARACTER.exec(text);
  if (match === null) return undefined;
  return `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The sentence every refusal uses, after the field name. */
export function controlCharacterProblem(codePoint: string): string {
  return `contains the control character ${codePoint} (escape sequences, NUL and bidi overrides are not allowed); use plain text`;
}

/**
 * `text` made safe for a terminal: each control character becomes a visible `\u{..}` escape, so a value from the
 * API cannot move the cursor, recolour the screen or reorder the line it is printed on.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(
    CONTROL_CHARACTERS,
    (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16).padStart(2, '0')}}`,
  );
}

/**
 * A message of several lines made safe for a terminal: control characters are escaped as above, except the line
 * breaks the message was built with. For values, prefer `escapeControlCharacters`, which escapes those too.
 */
export function escapeForTerminal(message: string): string {
  return message.split('\n').map(escapeControlCharacters).join('\n');
}
