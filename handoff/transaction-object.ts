/**
 * The Transaction object the PureEngage administrator creates in Configuration Server, as a template.
 *
 * What the public documents say (HYB = https://all.docs.genesys.com/PEC-Hybrid/Current/Admin/About, "Provisioning
 * Genesys Engage Hybrid Integrations"): an object of type Transaction, created with Genesys Administrator
 * Extension at Tenant level, holding the data on-premises services use to authenticate with Genesys Cloud; the
 * org's short name and id are to be recorded. Its name, section and option names are NOT published (the table is
 * behind a login; reference §10). So every name below is this tool's proposal, marked "to confirm with your Genesys
 * documentation" unless the spec's `handoff.transactionObject` names it, and each says where its value comes from.
 */
import type { HandoffSpec } from '../spec/handoff.js';
import type { TransactionOptionKey } from '../spec/transaction-object-keys.js';

export const TO_CONFIRM = 'to confirm with your Genesys documentation';
const HYB = 'https://all.docs.genesys.com/PEC-Hybrid/Current/Admin/About';
const NOT_PUBLISHED = `option name not published (${HYB} keeps the option table behind a login); proposed by this tool`;

interface OptionDefault {
  name: string;
  /** What the value is and which source says the on-premises side needs it. */
  holds: string;
}

export const DEFAULT_TRANSACTION_OBJECT = {
  name: 'GenesysCloudHybrid',
  section: 'genesys-cloud',
  options: {
    environment: {
      name: 'environment',
      holds: `the Genesys Cloud environment host; HYB addresses the API as https://api.{{environment}}`,
    },
    apiUrl: { name: 'api-url', holds: 'the Platform API origin (SDK configuration.js: https://api.<env>)' },
    loginUrl: {
      name: 'login-url',
      holds: 'the OAuth origin; tokens come from <login-url>/oauth/token (SDK ApiClient.js)',
    },
    orgName: {
      name: 'org-name',
      holds: "the org's short name (thirdPartyOrgName): the orgName of a SAML2 bearer exchange (HYB, SDK)",
    },
    orgId: { name: 'org-id', holds: 'the Organization ID HYB asks to record' },
    clientId: {
      name: '{client}.client-id',
      holds: 'the OAuth client id of each on-premises service (HYB step 1)',
    },
    clientSecret: {
      name: '{client}.client-secret',
      holds: 'its client secret (shown once by Genesys Cloud; kept in the secret file)',
    },
    idpIssuer: {
      name: 'idp-issuer',
      holds:
        'the issuer the PureEngage side writes into its SAML assertions (PureEngage identity provider, HYB step 2)',
    },
  } satisfies Record<TransactionOptionKey, OptionDefault>,
};

export type TransactionObjectSpec = NonNullable<NonNullable<HandoffSpec>['transactionObject']>;

/** One option line of the template. */
export interface TransactionOption {
  section: string;
  name: string;
  value: string;
  holds: string;
  /** `spec`: the name comes from handoff.transactionObject; `default`: this tool's proposal, to confirm. */
  nameFrom: 'spec' | 'default';
  note: string;
}

export interface TransactionObjectTemplate {
  type: 'Transaction';
  level: 'Tenant';
  /** Confirmed by HYB: type Transaction, Tenant level, created with Genesys Administrator Extension. */
  typeSource: string;
  name: string;
  nameFrom: 'spec' | 'default';
  section: string;
  sectionFrom: 'spec' | 'default';
  options: TransactionOption[];
}

/** The values the template fills in; client values once per client. */
export interface TransactionValues {
  environment: string;
  apiUrl: string;
  loginUrl: string;
  orgName: string;
  orgId: string;
  idpIssuer: string;
  clients: { name: string; slug: string; id: string; secret: string }[];
}

function noteFor(from: 'spec' | 'default'): string {
  return from === 'spec'
    ? 'named in the spec (handoff.transactionObject)'
    : `${TO_CONFIRM}: ${NOT_PUBLISHED}`;
}

export function transactionObjectTemplate(
  spec: TransactionObjectSpec | undefined,
  values: TransactionValues,
): TransactionObjectTemplate {
  const sectionFrom = spec?.section ? 'spec' : 'default';
  const section = spec?.section ?? DEFAULT_TRANSACTION_OBJECT.section;
  const option = (key: TransactionOptionKey, value: string, client?: string): TransactionOption => {
    const given = spec?.options?.[key];
    const from = given ? 'spec' : 'default';
    const template = given ?? DEFAULT_TRANSACTION_OBJECT.options[key].name;
    return {
      section,
      name: client === undefined ? template : template.replaceAll('{client}', client),
      value,
      holds: DEFAULT_TRANSACTION_OBJECT.options[key].holds,
      nameFrom: from,
      note: noteFor(from),
    };
  };
  return {
    type: 'Transaction',
    level: 'Tenant',
    typeSource: `HYB (${HYB}): a Transaction object at Tenant level, created with Genesys Administrator Extension`,
    name: spec?.name ?? DEFAULT_TRANSACTION_OBJECT.name,
    nameFrom: spec?.name ? 'spec' : 'default',
    section,
    sectionFrom,
    options: [
      option('environment', values.environment),
      option('apiUrl', values.apiUrl),
      option('loginUrl', values.loginUrl),
      option('orgName', values.orgName),
      option('orgId', values.orgId),
      option('idpIssuer', values.idpIssuer),
      ...values.clients.flatMap((c) => [
        option('clientId', c.id, c.slug),
        option('clientSecret', c.secret, c.slug),
      ]),
    ],
  };
}
