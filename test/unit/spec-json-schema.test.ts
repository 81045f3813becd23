import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSpecJsonSchema, SPEC_JSON_SCHEMA_PATH } from '../../spec/json-schema.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean;
}

/** Paths in `value` that the JSON Schema would reject as unknown keys. */
function keysUnknownToSchema(value: unknown, schema: SchemaNode, at = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) =>
      schema.items ? keysUnknownToSchema(item, schema.items, `${at}[${i}]`) : [],
    );
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childSchema = schema.properties?.[key];
    const path = at === '' ? key : `${at}.${key}`;
    return childSchema ? keysUnknownToSchema(child, childSchema, path) : [path];
  });
}

describe('the published JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run spec:schema` when this fails)', () => {
    const committed: unknown = JSON.parse(readFileSync(SPEC_JSON_SCHEMA_PATH, 'utf8'));
    expect(committed).toEqual(buildSpecJsonSchema());
  });

  it('refuses unknown keys at every level, as the loader does', () => {
    const schema = buildSpecJsonSchema() as SchemaNode;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties?.oauthClients?.items?.additionalProperties).toBe(false);
    expect(schema.properties?.certificate?.additionalProperties).toBe(false);
  });

  it('knows every key the example uses', () => {
    const example: unknown = parse(
      readFileSync(new URL('../../examples/demo-org.yaml', import.meta.url), 'utf8'),
    );
    expect(keysUnknownToSchema(example, buildSpecJsonSchema() as SchemaNode)).toEqual([]);
  });

  it('describes the input: defaults optional, legacy grant types allowed, secrets as references', () => {
    const schema = buildSpecJsonSchema() as {
      required: string[];
      properties: Record<
        string,
        { properties?: Record<string, Record<string, unknown>>; items?: SchemaNode }
      >;
    };
    expect(schema.required).toEqual([
      'org',
      'environment',
      'credentials',
      'oauthClients',
      'certificate',
      'identityProvider',
    ]);
    const grantType = schema.properties.oauthClients?.items?.properties?.grantType as { enum: string[] };
    expect(grantType.enum).toEqual(
      expect.arrayContaining(['SAML2-BEARER', 'SAML2BEARER', 'CLIENT_CREDENTIALS']),
    );
    const secret = schema.properties.credentials?.properties?.clientSecret as { pattern: string };
    expect(new RegExp(secret.pattern).test('env:GENESYS_CLIENT_SECRET')).toBe(true);
    expect(new RegExp(secret.pattern).test('an-inline-secret')).toBe(false);
  });
});
