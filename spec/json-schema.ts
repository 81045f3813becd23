import { z } from 'zod';
import { sourcePath } from '../build/layout.js';
import { provisioningSpecSchema } from './schema.js';

/** Committed next to the schema so editors (yaml-language-server) can validate specs as they are typed. */
export const SPEC_JSON_SCHEMA_PATH = sourcePath('spec/provisioning-spec.schema.json');

/**
 * The JSON Schema of the spec as written (zod's input side: defaults are optional, legacy spellings allowed).
 * Cross-field rules (one SAML2-BEARER client, unique names, roles only on CLIENT-CREDENTIALS) cannot be
 * expressed there; the loader checks them.
 */
export function buildSpecJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(provisioningSpecSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
}

/** The file content `npm run spec:schema` writes. */
export function renderSpecJsonSchema(): string {
  return `${JSON.stringify(buildSpecJsonSchema(), null, 2)}\n`;
}
