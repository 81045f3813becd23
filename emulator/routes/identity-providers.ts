import { X509Certificate } from 'node:crypto';
import { requireAny } from '../auth.js';
import { invalidField, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Route } from '../http/router.js';
import type { CustomProviderRecord, OrgState, PureEngageRecord, SamlProviderFields } from '../store/types.js';
import { singlePage } from './paging.js';
import {
  expectObject,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  requiredString,
  type JsonObject,
} from './validate.js';

const BASE = '/api/v2/identityproviders';
const PUREENGAGE = `${BASE}/pureengage`;

/**
 * Accepts a certificate with or without PEM armour (and with any line breaks) and returns the bare base64
 * DER body, which is what the emulator stores and returns. Rejects anything that is not an X.509 certificate.
 */
export function bareCertificateBody(input: string, field: string): string {
  const body = input
    .replace(/-----BEGIN CERTIFICATE-----/g, '')
    .replace(/-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw invalidField(field, `${field} must be a PEM or base64 DER X.509 certificate`);
  }
  try {
    new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    throw invalidField(field, `${field} is not a parseable X.509 certificate`);
  }
  return body;
}

const STRING_FIELDS = [
  'name',
  'issuerURI',
  'ssoTargetURI',
  'sloURI',
  'sloBinding',
  'relyingPartyIdentifier',
  'logoImageData',
  'nameIdentifierFormat',
  'ssoBinding',
  'providerName',
  'metadataURL',
] as const;
const SAML_BOOLEAN_FIELDS = ['disabled', 'signAuthnRequests', 'displayOnLogin', 'forceAuthn'] as const;

/**
 * Reads the fields every identity provider model shares (SDK `SAMLProvider`) with whole-model semantics:
 * what the body omits is absent from the record.
 */
function readSamlFields(obj: JsonObject, id: string, defaultName: string): SamlProviderFields {
  const record: SamlProviderFields = { id, name: defaultName, disabled: false };
  for (const f of STRING_FIELDS) {
    const v = optionalString(obj, f);
    if (v !== undefined) record[f] = v;
  }
  for (const f of SAML_BOOLEAN_FIELDS) {
    const v = optionalBoolean(obj, f);
    if (v !== undefined) record[f] = v;
  }
  if (record.issuerURI !== undefined && record.issuerURI.trim() === '') {
    throw invalidField('issuerURI', 'issuerURI must not be empty');
  }
  const single = optionalString(obj, 'certificate');
  if (single !== undefined) record.certificate = bareCertificateBody(single, 'certificate');
  const list = optionalStringArray(obj, 'certificates');
  if (list !== undefined) {
    if (list.length > 5)
      throw invalidField('certificates', 'certificates holds at most 5 certificates (1 + 4 backups)');
    record.certificates = list.map((c, i) => bareCertificateBody(c, `certificates[${i}]`));
  }
  return record;
}

export function readPureEngage(body: unknown, id: string): PureEngageRecord {
  const obj = expectObject(body, 'a PureEngage identity provider');
  const record: PureEngageRecord = readSamlFields(obj, id, 'PureEngage');
  const autoProvisionUsers = optionalBoolean(obj, 'autoProvisionUsers');
  if (autoProvisionUsers !== undefined) record.autoProvisionUsers = autoProvisionUsers;
  return record;
}

/** Body of `POST /api/v2/identityproviders` and `PUT …/{providerId}` (SDK `CustomProvider`). */
export function readCustomProvider(body: unknown, id: string): CustomProviderRecord {
  const obj = expectObject(body, 'a CustomProvider identity provider');
  // A nameless provider could not be told apart from the others in the listing (or in error messages).
  const record: CustomProviderRecord = readSamlFields(obj, id, requiredString(obj, 'name'));
  const endpointCompression = optionalBoolean(obj, 'endpointCompression');
  if (endpointCompression !== undefined) record.endpointCompression = endpointCompression;
  return record;
}

/** GET model `PureEngage`. */
export function presentPureEngage(idp: PureEngageRecord): JsonObject {
  return { ...idp, selfUri: PUREENGAGE };
}

/** GET/POST/PUT model `CustomProvider`. */
export function presentCustomProvider(idp: CustomProviderRecord): JsonObject {
  return { ...idp, selfUri: `${BASE}/${idp.id}` };
}

const SAML_PROVIDER_FIELDS = [
  'id',
  ...STRING_FIELDS,
  ...SAML_BOOLEAN_FIELDS,
  'certificate',
  'certificates',
] as const;

/**
 * A listing entry: the SDK types `IdentityProviderEntityListing.entities` as `SAMLProvider`, the fields all
 * provider models share, so model-specific ones (`autoProvisionUsers`, `endpointCompression`) are left out.
 */
function presentListEntry(idp: SamlProviderFields, selfUri: string): JsonObject {
  const entry: JsonObject = {};
  for (const f of SAML_PROVIDER_FIELDS) {
    if (idp[f] !== undefined) entry[f] = idp[f];
  }
  return { ...entry, selfUri };
}

/** Stable order for listings and dumps: by name, then id. */
export function byNameThenId(a: SamlProviderFields, b: SamlProviderFields): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** The IdP's trusted certificates for SAML verification: `certificates` plus the legacy single `certificate`. */
export function trustedCertificates(idp: PureEngageRecord): string[] {
  return [...new Set([...(idp.certificates ?? []), ...(idp.certificate ? [idp.certificate] : [])])];
}

function findCustomProvider(org: OrgState, id: string): CustomProviderRecord {
  const found = org.customIdentityProviders.find((p) => p.id === id);
  if (!found) throw notFound('Identity provider', id);
  return found;
}

export const identityProviderRoutes: Route[] = [
  {
    method: 'GET',
    path: BASE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:view');
      const org = req.principal.org;
      // Every provider of the org, so that a clash of issuer URIs between them is visible to a caller.
      const entries = [
        ...(org.identityProvider ? [presentListEntry(org.identityProvider, PUREENGAGE)] : []),
        ...[...org.customIdentityProviders]
          .sort(byNameThenId)
          .map((p) => presentListEntry(p, `${BASE}/${p.id}`)),
      ];
      return { status: 200, body: singlePage(entries, BASE) };
    },
  },
  {
    method: 'GET',
    path: PUREENGAGE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:view');
      const org = req.principal.org;
      // Just after a PUT or DELETE, the version before it (emulator/consistency.ts, lag mode).
      const idp = req.app.consistency.providerAsRead(org.id, org.identityProvider);
      if (!idp) throw notFound('Identity provider pureengage');
      return { status: 200, body: presentPureEngage(idp) };
    },
  },
  {
    method: 'PUT',
    path: PUREENGAGE,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:add', 'sso:provider:edit');
      const org = req.principal.org;
      // Upsert of a singleton: the id stays stable across updates; the model is replaced as a whole.
      const idp = readPureEngage(req.body, org.identityProvider?.id ?? newId());
      req.app.consistency.noteProviderWrite(org.id, org.identityProvider);
      org.identityProvider = idp;
      req.app.changed();
      return {
        status: 200,
        body: { id: idp.id, name: idp.name, disabled: idp.disabled, selfUri: PUREENGAGE },
      };
    },
  },
  {
    method: 'DELETE',
    path: PUREENGAGE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:delete');
      const org = req.principal.org;
      if (!org.identityProvider) throw notFound('Identity provider pureengage');
      req.app.consistency.noteProviderWrite(org.id, org.identityProvider);
      delete org.identityProvider;
      req.app.changed();
      return { status: 200, body: {} };
    },
  },
  {
    method: 'POST',
    path: BASE,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:add');
      const idp = readCustomProvider(req.body, newId());
      req.principal.org.customIdentityProviders.push(idp);
      req.app.changed();
      return { status: 200, body: presentCustomProvider(idp) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/{providerId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:view');
      const idp = findCustomProvider(req.principal.org, req.params.providerId as string);
      return { status: 200, body: presentCustomProvider(idp) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/{providerId}`,
    auth: 'bearer',
    body: 'json',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:edit');
      const org = req.principal.org;
      const current = findCustomProvider(org, req.params.providerId as string);
      // Whole-model replacement, as for the PureEngage singleton; the id stays.
      const idp = readCustomProvider(req.body, current.id);
      org.customIdentityProviders = org.customIdentityProviders.map((p) => (p.id === idp.id ? idp : p));
      req.app.changed();
      return { status: 200, body: presentCustomProvider(idp) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/{providerId}`,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:delete');
      const org = req.principal.org;
      const idp = findCustomProvider(org, req.params.providerId as string);
      org.customIdentityProviders = org.customIdentityProviders.filter((p) => p.id !== idp.id);
      req.app.changed();
      return { status: 204 };
    },
  },
];
