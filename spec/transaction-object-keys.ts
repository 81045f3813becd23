/** The values a Transaction object template carries, by the key the spec's `handoff.transactionObject.options` uses. */
export const TRANSACTION_OPTION_KEYS = [
  'environment',
  'apiUrl',
  'loginUrl',
  'orgName',
  'orgId',
  'clientId',
  'clientSecret',
  'idpIssuer',
] as const;

export type TransactionOptionKey = (typeof TRANSACTION_OPTION_KEYS)[number];
