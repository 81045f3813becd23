import type { AssertionClaims } from './read-assertion.js';
import { SamlRejectedError, quote } from './rejection.js';

// xs:dateTime with a zone (SAML requires UTC, `Z`); fractions of a second allowed.
const XS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseSamlInstant(value: string, field: string): number {
  const time = XS_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new SamlRejectedError(
      'malformed',
      `${field} ${quote(value, 40)} is not an xs:dateTime like 2026-01-31T12:00:00Z`,
    );
  }
  return time;
}

/**
 * Checks IssueInstant, Conditions NotBefore/NotOnOrAfter and every bearer SubjectConfirmationData
 * window against `now`, each bound widened by `skewMs` (Genesys Cloud tolerates 10 s of IdP clock
 * skew). Returns the earliest NotOnOrAfter as written, if any.
 */
export function checkValidityWindow(claims: AssertionClaims, now: Date, skewMs: number): string | undefined {
  const at = now.getTime();
  const windows = [
    { where: 'Conditions', ...claims.conditions },
    ...claims.bearerConfirmations.map((window) => ({ where: 'SubjectConfirmationData', ...window })),
  ];
  let earliest: { text: string; time: number } | undefined;
  for (const window of windows) {
    if (window.notOnOrAfter !== undefined) {
      const time = parseSamlInstant(window.notOnOrAfter, `${window.where} NotOnOrAfter`);
      if (at >= time + skewMs) {
        throw new SamlRejectedError(
          'expired',
          `the assertion expired at ${window.notOnOrAfter} (${window.where} NotOnOrAfter)`,
        );
      }
      if (earliest === undefined || time < earliest.time) earliest = { text: window.notOnOrAfter, time };
    }
    if (window.notBefore !== undefined) {
      const time = parseSamlInstant(window.notBefore, `${window.where} NotBefore`);
      if (at < time - skewMs) {
        throw new SamlRejectedError(
          'not-yet-valid',
          `the assertion is not valid before ${window.notBefore} (${window.where} NotBefore)`,
        );
      }
    }
  }
  const issued = parseSamlInstant(claims.issueInstant, 'Assertion IssueInstant');
  if (at < issued - skewMs) {
    throw new SamlRejectedError(
      'not-yet-valid',
      `the assertion was issued in the future (${claims.issueInstant})`,
    );
  }
  return earliest?.text;
}
