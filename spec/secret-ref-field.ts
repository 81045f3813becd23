import { z } from 'zod';
import { parseSecretRef, SecretRefError, type SecretRef } from '../secrets/secret-ref.js';

const REFERENCE_PATTERN = '^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$';

/**
 * Parses a reference with the project's parser. Its messages start with the field name, which the spec path
 * already gives, so that prefix is dropped. They never repeat the text: it may be a secret pasted by mistake.
 */
function toRef(text: string, field: string, ctx: z.RefinementCtx): SecretRef {
  try {
    return parseSecretRef(text, field);
  } catch (error) {
    if (!(error instanceof SecretRefError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message.slice(field.length).replace(/^:?\s*/, '') });
    return z.NEVER;
  }
}

/**
 * A secret given by reference only (`env:NAME` or `file:PATH`). An inline value is refused: specs get committed,
 * logged and shared, and the parsed spec travels into workflow history.
 */
export function secretRefField(what: string) {
  return z
    .string({ error: 'must be a secret reference: env:NAME (an environment variable) or file:PATH' })
    .transform((text, ctx) => toRef(text, what, ctx))
    .meta({
      description: `The ${what}, by reference: env:NAME or file:PATH (a relative path starts at the spec file's folder)`,
      pattern: REFERENCE_PATTERN,
      examples: ['env:GENESYS_CLIENT_SECRET', 'file:./secrets/client-secret'],
    });
}

/** A value that is not secret (a client id): inline, or a reference so it can live next to its secret. */
export function secretOrInlineField(what: string) {
  return z
    .string({ error: `must be text: the ${what} itself, or env:NAME, or file:PATH` })
    .trim()
    .min(1, { error: `must not be empty; write the ${what}, or env:NAME, or file:PATH` })
    .transform((text, ctx): SecretRef => {
      const isReference = text.startsWith('env:') || text.startsWith('file:');
      return isReference ? toRef(text, what, ctx) : { value: text };
    })
    .meta({
      description: `The ${what}: inline, or env:NAME, or file:PATH (a relative path starts at the spec file's folder)`,
      examples: ['env:GENESYS_CLIENT_ID', '0b2b2c4e-6f3a-4c0e-9d7a-2f7c1c0b9e11'],
    });
}
