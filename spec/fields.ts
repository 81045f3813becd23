import { z } from 'zod';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseUrl(text: string): URL | undefined {
  return URL.canParse(text) ? new URL(text) : undefined;
}

/** An absolute http(s) URL. */
export function httpUrlField(example: string) {
  return z
    .string({ error: `must be an http(s) URL such as ${example}` })
    .trim()
    .refine((text) => /^https?:$/.test(parseUrl(text)?.protocol ?? ''), {
      error: `must be an absolute http(s) URL such as ${example}`,
    })
    .meta({ format: 'uri' });
}

/** An absolute http(s) URL or a URN: SAML entity ids (issuers) are often URNs. */
export function uriOrUrnField(example: string) {
  return z
    .string({ error: `must be a URI such as ${example}` })
    .trim()
    .refine(
      (text) =>
        /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(text) || /^https?:$/.test(parseUrl(text)?.protocol ?? ''),
      { error: `must be an absolute http(s) URL or a URN, such as ${example}` },
    )
    .meta({ format: 'uri' });
}

/** Where Genesys Cloud may send a browser back: https anywhere, plain http only on the local machine. */
export const redirectUriField = z
  .string({ error: 'must be an https URL such as https://apps.mypurecloud.com' })
  .trim()
  .refine(
    (text) => {
      const url = parseUrl(text);
      return url?.protocol === 'https:' || (url?.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
    },
    { error: 'must be an https URL (plain http only for localhost), such as https://apps.mypurecloud.com' },
  )
  .meta({ format: 'uri' });

/** Non-empty text, trimmed. */
export function nameField(what: string) {
  return z
    .string({ error: `must be text: the ${what}` })
    .trim()
    .min(1, { error: `must not be empty; write the ${what}` });
}

/** A list of distinct, non-empty names; a duplicate is reported at its own index. */
export function distinctNamesField(what: string) {
  return z
    .array(nameField(what), { error: `must be a list of ${what}s, e.g. [employee]` })
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

export const emailField = z.email({ error: 'must be an email address such as jane@example.com' });
