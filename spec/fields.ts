import { z } from 'zod';
import { controlCharacterProblem, findControlCharacter } from '../text/control-characters.js';
import { isLoopbackHost } from './environment.js';

function parseUrl(text: string): URL | undefined {
  return URL.canParse(text) ? new URL(text) : undefined;
}

/** Longer URLs are refused by common browsers and servers alike; it also bounds the workflow input. */
const MAX_URL_LENGTH = 2048;

/** An absolute http(s) URL. */
export function httpUrlField(example: string) {
  return z
    .string({ error: `must be an http(s) URL such as ${example}` })
    .trim()
    .max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` })
    .refine((text) => /^https?:$/.test(parseUrl(text)?.protocol ?? ''), {
      error: `must be an absolute http(s) URL such as ${example}`,
    })
    .superRefine(refusingControlCharacters)
    .meta({ format: 'uri' });
}

/** An absolute http(s) URL or a URN: SAML entity ids (issuers) are often URNs. */
export function uriOrUrnField(example: string) {
  return z
    .string({ error: `must be a URI such as ${example}` })
    .trim()
    .max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` })
    .refine(
      (text) =>
        /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(text) || /^https?:$/.test(parseUrl(text)?.protocol ?? ''),
      { error: `must be an absolute http(s) URL or a URN, such as ${example}` },
    )
    .superRefine(refusingControlCharacters)
    .meta({ format: 'uri' });
}

/** Where Genesys Cloud may send a browser back: https anywhere, plain http only on the local machine. */
export const redirectUriField = z
  .string({ error: 'must be an https URL such as https://apps.mypurecloud.com' })
  .trim()
  .max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` })
  .refine(
    (text) => {
      const url = parseUrl(text);
      return url?.protocol === 'https:' || (url?.protocol === 'http:' && isLoopbackHost(url.hostname));
    },
    { error: 'must be an https URL (plain http only for localhost), such as https://apps.mypurecloud.com' },
  )
  .superRefine(refusingControlCharacters)
  .meta({ format: 'uri' });

/**
 * Refuses control characters (escapes, NUL, bidi overrides): names go to Genesys Cloud and onto terminals.
 * The rule itself lives in text/control-characters.ts, shared with the certificate subject.
 */
export function refusingControlCharacters(text: string, ctx: z.RefinementCtx): void {
  const found = findControlCharacter(text);
  if (found !== undefined) ctx.addIssue({ code: 'custom', message: controlCharacterProblem(found) });
}

/** Text without control characters (a description: may be empty). */
export function plainTextField(what: string) {
  return z
    .string({ error: `must be text: the ${what}` })
    .max(MAX_NAME_LENGTH, { error: `must be at most ${MAX_NAME_LENGTH} characters; shorten the ${what}` })
    .superRefine(refusingControlCharacters);
}

/** The longest name (or description) a spec may give: ample for names, and bounds the workflow input's size. */
export const MAX_NAME_LENGTH = 200;
/** The most names one list may hold (roles of a client, an admin or Altocloud). */
export const MAX_LIST_LENGTH = 25;

/** Non-empty text, trimmed, without control characters, at most MAX_NAME_LENGTH characters. */
export function nameField(what: string) {
  return z
    .string({ error: `must be text: the ${what}` })
    .trim()
    .min(1, { error: `must not be empty; write the ${what}` })
    .max(MAX_NAME_LENGTH, { error: `must be at most ${MAX_NAME_LENGTH} characters; shorten the ${what}` })
    .superRefine(refusingControlCharacters);
}

/** A list of distinct, non-empty names; a duplicate is reported at its own index. */
export function distinctNamesField(what: string) {
  return z
    .array(nameField(what), { error: `must be a list of ${what}s, e.g. [employee]` })
    .max(MAX_LIST_LENGTH, { error: `must list at most ${MAX_LIST_LENGTH} ${what}s` })
    .superRefine((names, ctx) => {
      const seen = new Set<string>();
      names.forEach((name, index) => {
        const key = name.toLowerCase();
        if (seen.has(key)) {
          ctx.addIssue({ code: 'custom', path: [index], message: `'${name}' is listed twice; remove one` });
        }
        seen.add(key);
      });
    });
}

/** RFC 5321 limits a forward path to 256 octets, so an address to 254 characters. */
export const emailField = z
  .email({ error: 'must be an email address such as jane@example.com' })
  .max(254, { error: 'must be at most 254 characters (RFC 5321)' });
