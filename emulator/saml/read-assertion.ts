import type { Element } from '@xmldom/xmldom';
import { SAML_ASSERTION_NS, SUBJECT_CONFIRMATION_BEARER } from '../../saml/namespaces.js';
import { childrenNamed, textOf } from './dom.js';
import { SamlRejectedError } from './rejection.js';

/** A time window as written in the assertion (xs:dateTime strings). */
export interface ValidityWindow {
  notBefore?: string;
  notOnOrAfter?: string;
}

/** What an authenticated `<saml:Assertion>` says, read from the signed canonical XML only. */
export interface AssertionClaims {
  issuer: string;
  nameId: string;
  attributes: Record<string, string[]>;
  issueInstant: string;
  conditions: ValidityWindow;
  /** Each bearer SubjectConfirmation's SubjectConfirmationData window (at least one is required). */
  bearerConfirmations: BearerConfirmation[];
  /** The Audience values of each Conditions/AudienceRestriction (SAML core §2.5.1.4), in order. */
  audienceRestrictions: string[][];
}

export interface BearerConfirmation extends ValidityWindow {
  /** SubjectConfirmationData `Recipient`, when present. */
  recipient?: string;
}

const A = SAML_ASSERTION_NS;

/** Reads the claims of one Assertion element; missing required parts are `malformed`. */
export function readAssertionClaims(assertion: Element): AssertionClaims {
  const issuer = onlyChild(assertion, 'Issuer', 'the Assertion');
  const subject = onlyChild(assertion, 'Subject', 'the Assertion');
  const nameId = onlyChild(subject, 'NameID', 'the Assertion Subject');
  const [conditions] = childrenNamed(assertion, A, 'Conditions');
  const bearerConfirmations = childrenNamed(subject, A, 'SubjectConfirmation')
    .filter((confirmation) => confirmation.getAttribute('Method') === SUBJECT_CONFIRMATION_BEARER)
    .map((confirmation) => {
      const data = childrenNamed(confirmation, A, 'SubjectConfirmationData')[0];
      const recipient = data?.getAttribute('Recipient');
      return { ...windowOf(data), ...(recipient ? { recipient } : {}) };
    });
  if (bearerConfirmations.length === 0) {
    throw new SamlRejectedError(
      'malformed',
      `the Assertion Subject has no SubjectConfirmation with Method="${SUBJECT_CONFIRMATION_BEARER}"`,
    );
  }
  const nameIdValue = textOf(nameId);
  if (nameIdValue === '') throw new SamlRejectedError('malformed', 'the Assertion Subject NameID is empty');
  return {
    issuer: textOf(issuer),
    nameId: nameIdValue,
    attributes: attributesOf(assertion),
    issueInstant: assertion.getAttribute('IssueInstant') ?? '',
    conditions: windowOf(conditions),
    bearerConfirmations,
    audienceRestrictions: conditions
      ? childrenNamed(conditions, A, 'AudienceRestriction').map((restriction) =>
          childrenNamed(restriction, A, 'Audience').map(textOf),
        )
      : [],
  };
}

function onlyChild(parent: Element, localName: string, where: string): Element {
  const found = childrenNamed(parent, A, localName);
  if (found.length !== 1) {
    throw new SamlRejectedError(
      'malformed',
      `${where} must have exactly one ${localName}, found ${found.length}`,
    );
  }
  return found[0] as Element;
}

function windowOf(element: Element | undefined): ValidityWindow {
  const window: ValidityWindow = {};
  const notBefore = element?.getAttribute('NotBefore');
  const notOnOrAfter = element?.getAttribute('NotOnOrAfter');
  if (notBefore) window.notBefore = notBefore;
  if (notOnOrAfter) window.notOnOrAfter = notOnOrAfter;
  return window;
}

/** All AttributeStatements merged: attribute Name (case-sensitive) to its values in document order. */
function attributesOf(assertion: Element): Record<string, string[]> {
  const attributes: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const statement of childrenNamed(assertion, A, 'AttributeStatement')) {
    for (const attribute of childrenNamed(statement, A, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      if (name === '') throw new SamlRejectedError('malformed', 'an Attribute has no Name');
      const values = childrenNamed(attribute, A, 'AttributeValue').map(textOf);
      attributes[name] = [...(attributes[name] ?? []), ...values];
    }
  }
  return { ...attributes };
}
