import { defineSearchAttributeKey, type SearchAttributeType } from '@temporalio/common';

// Workflows import these keys, so this module must stay free of Node built-ins (it is bundled into the sandbox).

/** The org a provisioning run targets, so the UI can list every run of one org. */
export const HybridOrg = defineSearchAttributeKey('HybridOrg', 'KEYWORD');
/** The environment label from the spec (e.g. `prod`, `staging`). */
export const HybridEnvironment = defineSearchAttributeKey('HybridEnvironment', 'KEYWORD');
/** Coarse run status for list filters, e.g. `provisioning`, `done`, `compensated`. */
export const HybridStatus = defineSearchAttributeKey('HybridStatus', 'KEYWORD');
/** Set by verification when the org no longer matches its spec. */
export const HybridDrift = defineSearchAttributeKey('HybridDrift', 'BOOL');

export const HYBRID_SEARCH_ATTRIBUTE_KEYS = [
  HybridOrg,
  HybridEnvironment,
  HybridStatus,
  HybridDrift,
] as const;

/** Type names as `temporal server start-dev --search-attribute NAME=TYPE` and `temporal operator` spell them. */
export type CliSearchAttributeType =
  'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

const CLI_TYPE_NAMES: Record<SearchAttributeType, CliSearchAttributeType> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export interface SearchAttributeDefinition {
  name: string;
  type: CliSearchAttributeType;
}

/** The same attributes as a list for the CLI flags, derived from the keys so the two cannot drift apart. */
export const HYBRID_SEARCH_ATTRIBUTES: readonly SearchAttributeDefinition[] =
  HYBRID_SEARCH_ATTRIBUTE_KEYS.map((key) => ({ name: key.name, type: CLI_TYPE_NAMES[key.type] }));

/** `--search-attribute NAME=TYPE` pairs for `temporal server start-dev`. */
export function searchAttributeCliArgs(definitions = HYBRID_SEARCH_ATTRIBUTES): string[] {
  return definitions.flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]);
}
