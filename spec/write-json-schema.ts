/**
 * `npm run spec:schema`: regenerates spec/provisioning-spec.schema.json from the zod schema, formatted the way
 * `npm run format` would leave it, so neither command undoes the other.
 */
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { renderSpecJsonSchema, SPEC_JSON_SCHEMA_PATH } from './json-schema.js';

const config = await resolveConfig(SPEC_JSON_SCHEMA_PATH);
await writeFile(
  SPEC_JSON_SCHEMA_PATH,
  await format(renderSpecJsonSchema(), { ...config, filepath: SPEC_JSON_SCHEMA_PATH }),
);
console.log(`wrote ${SPEC_JSON_SCHEMA_PATH}`);
