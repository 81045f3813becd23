import { X509Certificate } from 'node:crypto';
import { requireAny } from '../auth.js';
import { invalidField, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Route } from '../http/router.js';
import type { PureEngageRecord } from '../store/types.js';
import { singlePage } from './paging.js';
import {
  expectObject,
  optionalBoolean,
  optionalString,
  optionalStringArray,
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
const BOOLEAN_FIELDS = [
  'disabled',
  'signAuthnRequests',
  'displayOnLogin',
  'forceAuthn',
  'autoProvisionUsers',
] as const;

export function readPureEngage(body: unknown, id: string): PureEngageRecord {
  const obj = expectObject(body, 'a PureEngage identity provider');
  const record: PureEngageRecord = { id, name: 'PureEngage', disabled: false };
  for (const f of STRING_FIELDS) {
    const v = optionalString(obj, f);
    if (v !== undefined) record[f] = v;
  }
  for (const f of BOOLEAN_FIELDS) {
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

/** GET model `PureEngage`. */
export function presentPureEngage(idp: PureEngageRecord): JsonObject {
  return { ...idp, selfUri: PUREENGAGE };
}

/** The IdP's trusted certificates for SAML verification: `certificates` plus the legacy single `certificate`. */
export function trustedCertificates(idp: PureEngageRecord): string[] {
  return [...new Set([...(idp.certificates ?? []), ...(idp.certificate ? [idp.certificate] : [])])];
}

export const identityProviderRoutes: Route[] = [
  {
    method: 'GET',
    path: BASE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:view');
      const idp = req.principal.org.identityProvider;
      return { status: 200, body: singlePage(idp ? [presentPureEngage(idp)] : [], BASE) };
    },
  },
  {
    method: 'GET',
    path: PUREENGAGE,
    auth: 'bearer',
    body: 'none',
    handler: (req) => {
      requireAny(req.principal, 'sso:provider:view');
      const idp = req.principal.org.identityProvider;
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
      delete org.identityProvider;
      req.app.changed();
      return { status: 200, body: {} };
    },
  },
];
