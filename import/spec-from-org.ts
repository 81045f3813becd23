/**
 * `hybrid import`'s one rule: the spec that describes an org as it is, so that planning it against the same
 * org changes nothing. Pure: the org comes in as read (import/read-org-for-import.ts, through the one org
 * reader), the spec goes out as YAML with comments, and everything the spec cannot say is a note.
 *
 * Provisioning only ever adds (redirect URIs, role grants, permissions, admin roles) and makes clients active,
 * so the spec may name less than the org has; it must never name more, nor anything provisioning would change:
 * - OAuth clients: every non-deleted client but the provisioning client (or those `--clients` names). Left
 *   out, with a note: inactive or disabled ones (provisioning would activate them), names the spec cannot hold
 *   (shared by two clients, or not trimmed), a browser grant without a usable redirect URI, a
 *   client-credentials client without a role grant the spec can express (one division per client: the home
 *   division first, else all divisions).
 * - Altocloud: the agent roles holding the default journey permission set (or, when none does, the largest
 *   set an agent role holds), and that set; roles with every journey permission (administrators) are left out.
 * - The certificate: the adopted bundle's subject, key size and format, so a later rotation keeps them.
 * - Admins: only as `--admins` chooses (default none): a spec's admin who is deleted later is created again by
 *   the next provisioning, so putting people under management is left to the user.
 */
import { X509Certificate } from 'node:crypto';
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { describeCertificate } from '../certificate/describe.js';
import { certificateToDer } from '../certificate/pem.js';
import { bundleExists } from '../decisions/certificate.js';
import { roleNamesById } from '../decisions/role-names.js';
import { providerCertificateBodies, providersSharingIssuer } from '../decisions/identity-provider.js';
import { normaliseGrantType } from '../purecloud/oauth-client-request.js';
import { missingPermissions } from '../provisioning/permission-policies.js';
import { withoutRunMarker } from '../provisioning/run-marker.js';
import type { OAuthClientSnapshot, OrgState, PermissionPolicy } from '../provisioning/types.js';
import { ALTOCLOUD_DOMAIN, ALTOCLOUD_PERMISSIONS } from '../spec/altocloud-permissions.js';
import { redirectUriField } from '../spec/fields.js';
import { GRANT_TYPES, type GrantType } from '../spec/oauth-clients.js';
import type { ProvisioningSpecInput } from '../spec/schema.js';

/** The org cannot be written as a spec; `flag` names the command-line option that can fix it, if one can. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message);
  }
}

/** What the spec says about where and as whom, as the user gave it (secrets as references, paths absolute). */
export interface ImportTarget {
  org: string;
  environment: string;
  clientId: string;
  clientSecret: string;
  keyPassword: string;
  /** The folder of the certificate bundle to adopt (the spec's `output`); absent: the spec's default. */
  output?: string;
}

export interface ClientSelection {
  /** `all`, or the names of the clients to import. */
  clients: 'all' | readonly string[];
  /** The client the import (and provisioning) works as: never part of the spec's clients. */
  provisioningClientId: string;
}

/** The org as read for the import. */
export interface OrgForImport {
  /** Read by the one org reader, for every client, every role that matters here and every admin below. */
  state: OrgState;
  /** The permission catalog's journey (Altocloud) permissions. */
  journeyCatalog: readonly string[];
  /** The admin accounts to write, as chosen (`--admins`). */
  admins: readonly { name: string; email: string }[];
  /** The format of the adopted bundle's `key.pem.enc`, when there is one. */
  bundleKeyFormat?: 'traditional' | 'pkcs8';
}

export interface ImportedSpec {
  spec: ProvisioningSpecInput;
  yaml: string;
  /** What the spec leaves out or cannot say, one line each (also written into the YAML as comments). */
  notes: string[];
}

type ClientSpec = ProvisioningSpecInput['oauthClients'][number];

interface Commented<T> {
  value: T;
  comments: string[];
}

const BROWSER_GRANTS: readonly GrantType[] = ['SAML2-BEARER', 'CODE', 'TOKEN'];

/** The journey permissions of the catalog that the policies grant (wildcards and conditions as provisioning reads them). */
export function journeyPermissionsHeld(
  policies: readonly PermissionPolicy[],
  journeyCatalog: readonly string[],
): string[] {
  const missing = new Set(missingPermissions(policies, journeyCatalog));
  return journeyCatalog.filter((permission) => !missing.has(permission));
}

export function isJourneyPermission(permission: string): boolean {
  return permission.startsWith(`${ALTOCLOUD_DOMAIN}:`);
}

const list = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/** The role grants the spec can express: one division per client, the home division first, else all ('*'). */
function grantsOf(
  client: OAuthClientSnapshot,
  state: OrgState,
): Commented<{ roles: string[]; division?: string }> {
  const names = roleNamesById(state);
  const home = state.homeDivision.id;
  const division = client.roleDivisions.some((rd) => rd.divisionId === home)
    ? home
    : client.roleDivisions.some((rd) => rd.divisionId === '*')
      ? '*'
      : undefined;
  const roles: string[] = [];
  const comments: string[] = [];
  for (const rd of client.roleDivisions) {
    const name = names.get(rd.roleId);
    if (rd.divisionId !== division)
      comments.push(`also holds role "${name ?? rd.roleId}" in division ${rd.divisionId} (kept as it is)`);
    else if (name === undefined) comments.push(`also holds role ${rd.roleId}, which the org does not list`);
    else if (!roles.includes(name)) roles.push(name);
  }
  return { value: { roles, division: division === '*' ? '*' : undefined }, comments };
}

/** The client as the spec writes it, or why it is left out. */
function clientSpec(
  client: OAuthClientSnapshot,
  state: OrgState,
): Commented<ClientSpec> | { leftOut: string } {
  const grantType = normaliseGrantType(client.authorizedGrantType) as GrantType;
  if (!GRANT_TYPES.includes(grantType))
    return { leftOut: `grant type ${client.authorizedGrantType} is unknown` };
  if ((client.state ?? 'active') !== 'active')
    return { leftOut: `it is ${client.state}; provisioning would make it active` };
  const comments: string[] = [];
  const entry: ClientSpec = { name: client.name, grantType };
  const description = withoutRunMarker(client.description ?? '');
  if (description !== '') entry.description = description;

  if (grantType === 'CLIENT-CREDENTIALS') {
    const grants = grantsOf(client, state);
    if (grants.value.roles.length === 0)
      return { leftOut: 'it holds no role grant in the home division or all divisions' };
    entry.roles = grants.value.roles;
    if (grants.value.division) entry.division = grants.value.division;
    comments.push(...grants.comments);
  } else {
    const usable = client.registeredRedirectUri.filter((uri) => redirectUriField.safeParse(uri).data === uri);
    const unusable = client.registeredRedirectUri.filter((uri) => !usable.includes(uri));
    if (unusable.length > 0)
      comments.push(`also has redirect URI ${list(unusable)} (not https; kept as it is)`);
    if (usable.length > 0) entry.redirectUris = usable;
    else if (BROWSER_GRANTS.includes(grantType))
      return { leftOut: `grant type ${grantType} needs an https redirect URI and it has none` };
    const scopes = client.scope ?? [];
    if (scopes.length > 0)
      comments.push(`scopes: ${scopes.join(', ')} (the spec has no field for scopes; kept as they are)`);
  }
  if (client.accessTokenValiditySeconds !== undefined)
    entry.accessTokenValiditySeconds = client.accessTokenValiditySeconds;
  return { value: entry, comments: [`id ${client.id}`, ...comments] };
}

interface ClientsPart {
  entries: Commented<ClientSpec>[];
  notes: string[];
}

function clientsPart(org: OrgForImport, selection: ClientSelection): ClientsPart {
  const all = Object.values(org.state.oauthClients)
    .flat()
    .filter((c) => c.id !== selection.provisioningClientId)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  if (selection.clients !== 'all') {
    const unknown = selection.clients.filter((name) => !all.some((c) => c.name === name));
    if (unknown.length > 0) {
      throw new ImportError(
        `--clients: the org has no OAuth client named ${list(unknown)} (besides the one the import works as); ` +
          'name clients exactly as Admin > OAuth shows them, or leave --clients out to import all',
        '--clients',
      );
    }
  }
  const picked = selection.clients === 'all' ? all : all.filter((c) => selection.clients.includes(c.name));
  const entries: Commented<ClientSpec>[] = [];
  const notes: string[] = [];
  for (const client of picked) {
    const named = `OAuth client "${client.name}" (${client.id})`;
    const key = client.name.toLowerCase();
    let outcome: ReturnType<typeof clientSpec>;
    if (client.name.trim() !== client.name || client.name === '')
      outcome = { leftOut: 'its name has leading or trailing spaces, which the spec trims' };
    else if (all.filter((c) => c.name.toLowerCase() === key).length > 1)
      outcome = { leftOut: 'another client bears the same name; spec names must be unique' };
    else outcome = clientSpec(client, org.state);
    if ('leftOut' in outcome) notes.push(`${named} is not imported: ${outcome.leftOut}`);
    else entries.push(outcome);
  }
  const saml = entries.filter((e) => e.value.grantType === 'SAML2-BEARER');
  if (saml.length !== 1) {
    throw new ImportError(
      // Worded so that no word follows "BEARER": log redaction takes "Bearer <word>" for a token.
      `the spec needs exactly one OAuth client with grant type SAML2-BEARER (the one the PureEngage desktop ` +
        `signs in with) and the import found ${saml.length === 0 ? 'none' : `${saml.length}: ${list(saml.map((e) => e.value.name))}`}` +
        (notes.length > 0 ? ` (${notes.join('; ')})` : '') +
        (saml.length > 1 ? '; choose the clients with --clients NAME,...' : ''),
      saml.length > 1 ? '--clients' : undefined,
    );
  }
  return { entries, notes };
}

interface JourneyHolder {
  name: string;
  held: string[];
}

/**
 * The permission set the spec manages: the default set when an agent role holds all of it (what provisioning
 * grants unless told otherwise), else the largest set an agent role holds (ties: the set most roles hold,
 * then the first role by name). Every role holding all of it is an Altocloud role.
 */
function altocloudSet(agents: readonly JourneyHolder[]): string[] {
  const holdsAll = (role: JourneyHolder, set: readonly string[]) => set.every((p) => role.held.includes(p));
  if (agents.some((role) => holdsAll(role, ALTOCLOUD_PERMISSIONS))) return [...ALTOCLOUD_PERMISSIONS];
  const holders = (set: readonly string[]) => agents.filter((role) => holdsAll(role, set)).length;
  const [best] = [...agents].sort(
    (a, b) =>
      b.held.length - a.held.length || holders(b.held) - holders(a.held) || a.name.localeCompare(b.name),
  );
  return best?.held ?? [];
}

function altocloudPart(org: OrgForImport): Commented<ProvisioningSpecInput['altocloud']> {
  const catalog = [...org.journeyCatalog].sort();
  const holders: JourneyHolder[] = Object.values(org.state.roles)
    .flatMap((role) => (role ? [role] : []))
    .map((role) => ({ name: role.name, held: journeyPermissionsHeld(role.permissionPolicies, catalog) }))
    .filter((role) => role.held.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  // A role holding every journey permission is an administrator's (e.g. Admin's wildcards), not an agent role.
  const administrators = holders.filter((role) => role.held.length === catalog.length);
  const agents = holders.filter((role) => role.held.length < catalog.length);
  const set = altocloudSet(agents);
  const roles = agents.filter((role) => set.every((p) => role.held.includes(p)));
  const others = agents.filter((role) => !roles.includes(role));
  const comments = [
    ...(roles.length === 0 ? ['no agent role holds a journey (Altocloud) permission'] : []),
    ...roles
      .map((role) => ({ name: role.name, more: role.held.filter((p) => !set.includes(p)) }))
      .filter((role) => role.more.length > 0)
      .map((role) => `${role.name} also holds ${role.more.join(', ')} (kept as it is)`),
    ...others.map((role) => `${role.name} holds only ${role.held.join(', ')} (kept as it is)`),
    ...administrators.map((role) => `${role.name} holds every journey permission (an administrator role)`),
  ];
  const isDefault =
    set.length === ALTOCLOUD_PERMISSIONS.length && ALTOCLOUD_PERMISSIONS.every((p) => set.includes(p));
  return {
    value: {
      roles: roles.map((r) => r.name),
      ...(isDefault || roles.length === 0 ? {} : { permissions: set }),
    },
    comments,
  };
}

function identityProviderPart(state: OrgState): Commented<ProvisioningSpecInput['identityProvider']> {
  const provider = state.pureEngage;
  if (!provider?.issuerURI || !provider.ssoTargetURI) {
    throw new ImportError(
      provider
        ? 'the PureEngage identity provider has no issuer URI or SSO target URI, which the spec requires; ' +
            'set them in Admin > Single Sign-on > PureEngage, then import again'
        : 'the org has no PureEngage identity provider, which the spec requires; the import brings an existing ' +
            'hybrid org under management: provision a new org from examples/demo-org.yaml instead',
    );
  }
  const value: ProvisioningSpecInput['identityProvider'] = {
    name: provider.name ?? 'PureEngage',
    issuerURI: provider.issuerURI,
    ssoTargetURI: provider.ssoTargetURI,
  };
  if (provider.sloURI) value.sloURI = provider.sloURI;
  if (provider.relyingPartyIdentifier) value.relyingPartyIdentifier = provider.relyingPartyIdentifier;
  if (provider.nameIdentifierFormat) value.nameIdentifierFormat = provider.nameIdentifierFormat;
  value.autoProvisionUsers = Boolean(provider.autoProvisionUsers);
  value.disabled = Boolean(provider.disabled);

  const bundleBody = state.bundle.certificateBody;
  const comments = providerCertificateBodies(provider).map((body, index) => {
    const adopted =
      bundleBody !== null && body === bundleBody ? ', the certificate of the adopted bundle' : '';
    try {
      const d = describeCertificate(body);
      return `certificate ${index + 1}: SHA-256 ${d.sha256Fingerprint}, ${d.subject}, valid until ${d.notAfter}${adopted}`;
    } catch {
      return `certificate ${index + 1}: not a readable X.509 certificate`;
    }
  });
  if (comments.length === 0) comments.push('it holds no certificate');
  return { value, comments };
}

function certificatePart(
  org: OrgForImport,
  target: ImportTarget,
): Commented<ProvisioningSpecInput['certificate']> {
  const value: ProvisioningSpecInput['certificate'] = { password: target.keyPassword };
  const { bundle } = org.state;
  if (!bundleExists(bundle)) {
    return {
      value,
      comments: [
        `no certificate bundle in ${bundle.dir}: provisioning would generate one and upload it to the identity provider` +
          (target.output === undefined ? '; name an existing bundle with --output DIR to adopt it' : ''),
      ],
    };
  }
  if (bundle.certificateBody === null)
    return { value, comments: [`the bundle in ${bundle.dir} has no readable cert.pem`] };
  const d = describeCertificate(bundle.certificateBody);
  const keyBits = new X509Certificate(certificateToDer(bundle.certificateBody)).publicKey.asymmetricKeyDetails
    ?.modulusLength;
  // What a rotation generates next: the same subject, key size and key format as the adopted certificate.
  value.subject = d.subject;
  if (keyBits !== undefined && keyBits >= 2048 && keyBits % 1024 === 0) value.keyBits = keyBits;
  if (org.bundleKeyFormat) value.keyFormat = org.bundleKeyFormat;
  return {
    value,
    comments: [`adopted bundle ${bundle.dir}: SHA-256 ${d.sha256Fingerprint}, valid until ${d.notAfter}`],
  };
}

/** Comments before the pair `key` of a map node (yaml's Document keeps them there). */
function commentBefore(node: unknown, key: string | number, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const text = lines.map((line) => ` ${line}`).join('\n');
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key] as Node | undefined;
    if (item) item.commentBefore = text;
    return;
  }
  if (!isMap(node)) return;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = text;
}

/**
 * The spec of the org. `planNotes`: what planning it would still change or refuse (import/import-org.ts checks
 * a first rendering and renders again with them), so the file says it too.
 */
export function specFromOrg(
  org: OrgForImport,
  target: ImportTarget,
  selection: ClientSelection,
  planNotes: readonly string[] = [],
): ImportedSpec {
  const { state } = org;
  const clients = clientsPart(org, selection);
  const provider = identityProviderPart(state);
  const certificate = certificatePart(org, target);
  const altocloud = altocloudPart(org);
  const notes = [...clients.notes];
  const sharing = providersSharingIssuer(
    state.identityProviders,
    provider.value.issuerURI,
    state.pureEngage?.id,
  );
  if (sharing.length > 0)
    notes.push(
      `another identity provider has the issuer URI ${provider.value.issuerURI}; planning will refuse`,
    );

  const spec: ProvisioningSpecInput = {
    org: target.org,
    environment: target.environment,
    credentials: { clientId: target.clientId, clientSecret: target.clientSecret },
    oauthClients: clients.entries.map((e) => e.value),
    certificate: certificate.value,
    identityProvider: provider.value,
    altocloud: altocloud.value,
    ...(org.admins.length > 0 ? { admins: org.admins.map((a) => ({ name: a.name, email: a.email })) } : {}),
    ...(target.output === undefined ? {} : { output: target.output }),
  };

  const doc = new Document(spec);
  doc.commentBefore = [
    ` Written by hybrid import from org ${state.thirdPartyOrgName || state.orgId} (${state.orgId}) at ${target.environment}.`,
    ' Secrets are references only (env:NAME, file:PATH).',
    planNotes.length === 0
      ? ' Planning this spec against the org changes nothing (checked when it was written).'
      : ' Planning this spec against the org would still:',
    ...planNotes.map((note) => `   ${note}`),
    ...notes.map((note) => ` Note: ${note}`),
  ].join('\n');
  const root = doc.contents;
  commentBefore(root, 'credentials', [
    'The OAuth client the import worked as; not one of the oauthClients below',
  ]);
  clients.entries.forEach((entry, index) =>
    commentBefore(doc.get('oauthClients', true), index, entry.comments),
  );
  commentBefore(root, 'certificate', certificate.comments);
  commentBefore(root, 'identityProvider', provider.comments);
  commentBefore(root, 'altocloud', altocloud.comments);
  if (org.admins.length > 0)
    commentBefore(root, 'admins', ['Users holding the Admin role, as chosen with --admins']);
  if (target.output !== undefined)
    commentBefore(root, 'output', ['The folder of the adopted certificate bundle']);
  return { spec, yaml: doc.toString({ lineWidth: 0 }), notes };
}
