/**
 * The handoff: everything the PureEngage (Genesys Engage on-premises) side needs from a completed provisioning run,
 * as one plain document that the renderers print as Markdown, JSON or HTML. Pure: the command gathers the inputs.
 * A secret value appears only when the caller passes it (`--show-secrets`); otherwise the secret file is named.
 */
import { BUNDLE_FILE_NAMES } from '../certificate/artifacts.js';
import { resolveGenesysHosts } from '../purecloud/regions.js';
import type { ProvisionResult } from '../provisioning/types.js';
import { networkChecklist, type NetworkRequirement } from './network.js';
import {
  transactionObjectTemplate,
  type TransactionObjectSpec,
  type TransactionObjectTemplate,
} from './transaction-object.js';

export interface HandoffClient {
  name: string;
  grantType: string;
  id: string;
  /** The 0600 file holding the secret, on the worker's machine. */
  secretFile?: string;
  /** Only with --show-secrets. */
  secret?: string;
  /** Set when a client-secret rotation replaced the client the run created (its secret file names the new id). */
  rotatedFrom?: string;
}

export interface HandoffArtifact {
  file: string;
  path: string;
  what: string;
  where: string;
}

export interface HandoffDocument {
  org: string;
  generatedAt: string;
  run: { workflowId: string; runId: string };
  genesysOrg: { thirdPartyOrgName: string; id: string };
  environment: {
    environment: string;
    regionKey?: string;
    apiBaseUrl: string;
    loginBaseUrl: string;
    appsBaseUrl: string;
  };
  oauthClients: HandoffClient[];
  identityProvider: { issuerURI: string; ssoTargetURI?: string };
  certificate: { sha256: string; notAfter: string };
  artifacts: HandoffArtifact[];
  keyPassword: { reference: string };
  transactionObject: TransactionObjectTemplate;
  network: NetworkRequirement[];
}

/** A client's current secret file, read by the command (the run may predate a client-secret rotation). */
export interface SecretFileRecord {
  clientId: string;
  path: string;
  secret?: string;
}

export interface HandoffSources {
  result: ProvisionResult;
  run: { workflowId: string; runId: string };
  generatedAt: string;
  /** By client name: the secret file the worker wrote, when readable here. */
  secretFiles: ReadonlyMap<string, SecretFileRecord>;
  transactionObject?: TransactionObjectSpec;
  /** `env:NAME` / `file:PATH` of the spec's certificate.password, when the spec was given. */
  keyPasswordRef?: string;
  showSecrets: boolean;
  /** The bundle's current certificate, when readable here (a certificate rotation may postdate the run). */
  currentCertificate?: { sha256: string; notAfter: string };
  /** The `{client}` form of a client name (the secret file's slug). */
  slug(name: string): string;
}

/** The result lacks what older runs did not record: say what to run instead of printing half a handoff. */
export class IncompleteResultError extends Error {
  override readonly name = 'IncompleteResultError';
}

function artifactsOf(result: ProvisionResult): HandoffArtifact[] {
  const files = result.certificateFiles;
  return [
    {
      file: BUNDLE_FILE_NAMES.cert,
      path: files.cert,
      what: 'the SAML signing certificate (PEM); Genesys Cloud already trusts it through the identity provider',
      where: 'the PureEngage component that signs SAML assertions, beside its private key',
    },
    {
      file: BUNDLE_FILE_NAMES.key,
      path: files.key,
      what: 'the private key, AES-256 encrypted with the key password (PEM)',
      where:
        'the same PureEngage component: it decrypts the key with the key password and signs assertions with it',
    },
    {
      file: BUNDLE_FILE_NAMES.certB64,
      path: files.certB64,
      what: 'cert.pem as one line of base64',
      where:
        'configuration fields that take one-line text (e.g. a Configuration Server option) instead of a file',
    },
    {
      file: BUNDLE_FILE_NAMES.keyB64,
      path: files.keyB64,
      what: 'key.pem.enc as one line of base64 (still encrypted)',
      where:
        'configuration fields that take one-line text instead of a file; the key password stays separate',
    },
  ];
}

export function buildHandoff(sources: HandoffSources): HandoffDocument {
  const { result } = sources;
  const genesysOrg = result.genesysOrg;
  if (!genesysOrg) {
    throw new IncompleteResultError(
      `the latest provisioning run of ${result.org} predates the handoff and did not record the org's name, id ` +
        `and environment; re-run hybrid provision --spec FILE --wait (idempotent), then hybrid handoff ${result.org}`,
    );
  }
  const hosts = resolveGenesysHosts(genesysOrg.environment);
  const oauthClients = result.oauthClients.map((client): HandoffClient => {
    const file = sources.secretFiles.get(client.name);
    const rotated = file && file.clientId !== client.id;
    return {
      name: client.name,
      grantType: client.grantType,
      id: rotated ? file.clientId : client.id,
      ...(file ? { secretFile: file.path } : client.secretFile ? { secretFile: client.secretFile } : {}),
      ...(sources.showSecrets && file?.secret ? { secret: file.secret } : {}),
      ...(rotated ? { rotatedFrom: client.id } : {}),
    };
  });
  const secretPlaceholder = (c: HandoffClient) =>
    c.secret ?? (c.secretFile ? `<the "secret" of ${c.secretFile}>` : '<not known to this tool>');
  return {
    org: result.org,
    generatedAt: sources.generatedAt,
    run: sources.run,
    genesysOrg: { thirdPartyOrgName: genesysOrg.thirdPartyOrgName, id: genesysOrg.id },
    environment: {
      environment: hosts.environmentHost ?? genesysOrg.environment,
      ...(hosts.regionKey ? { regionKey: hosts.regionKey } : {}),
      apiBaseUrl: hosts.apiBaseUrl,
      loginBaseUrl: hosts.loginBaseUrl,
      appsBaseUrl: hosts.appsBaseUrl,
    },
    oauthClients,
    identityProvider: {
      issuerURI: result.identityProvider.issuerURI,
      ...(result.identityProvider.ssoTargetURI ? { ssoTargetURI: result.identityProvider.ssoTargetURI } : {}),
    },
    certificate: sources.currentCertificate ?? {
      sha256: result.identityProvider.certificateSha256,
      notAfter: result.identityProvider.notAfter,
    },
    artifacts: artifactsOf(result),
    keyPassword: {
      reference:
        sources.keyPasswordRef ??
        "the spec's certificate.password reference (pass --spec FILE to name it here); never its value",
    },
    transactionObject: transactionObjectTemplate(sources.transactionObject, {
      environment: hosts.environmentHost ?? genesysOrg.environment,
      apiUrl: hosts.apiBaseUrl,
      loginUrl: hosts.loginBaseUrl,
      orgName: genesysOrg.thirdPartyOrgName,
      orgId: genesysOrg.id,
      idpIssuer: result.identityProvider.issuerURI,
      clients: oauthClients.map((c) => ({
        name: c.name,
        slug: sources.slug(c.name),
        id: c.id,
        secret: secretPlaceholder(c),
      })),
    }),
    network: networkChecklist(hosts),
  };
}
