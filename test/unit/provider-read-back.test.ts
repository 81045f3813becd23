// When a PureEngage provider read back after a PUT counts as showing that PUT (activities/provider-read-back.ts):
// the undo steps wait for it, so a wrong "yes" lets a re-run read a stale provider and a wrong "no" waits the bound.
import { describe, expect, it } from 'vitest';
import { readsBackAs } from '../../activities/provider-read-back.js';
import type { PureEngageProvider } from '../../purecloud/types.js';

const sent: PureEngageProvider = {
  name: 'PureEngage',
  issuerURI: 'urn:pe:org',
  ssoTargetURI: 'https://sso.example.com',
  autoProvisionUsers: true,
  disabled: false,
  certificate: 'AAA',
  certificates: ['AAA', 'BBB'],
};

describe('readsBackAs', () => {
  it('accepts the provider as sent, with read-only fields added and the backups in another order', () => {
    expect(readsBackAs({ ...sent, id: 'idp-1', selfUri: '/x', certificates: ['BBB', 'AAA'] }, sent)).toBe(
      true,
    );
  });

  it('compares switches as booleans: an absent false is false', () => {
    const { disabled: _disabled, ...withoutDisabled } = sent;
    expect(readsBackAs(withoutDisabled, sent)).toBe(true);
  });

  it('refuses the version before the PUT: another field value, another certificate set, or no provider', () => {
    expect(readsBackAs({ ...sent, issuerURI: 'urn:pe:old' }, sent)).toBe(false);
    expect(readsBackAs({ ...sent, certificate: 'AAA', certificates: ['AAA'] }, sent)).toBe(false);
    expect(readsBackAs({ ...sent, certificates: ['AAA', 'BBB', 'CCC'] }, sent)).toBe(false);
    // Rotation's switch changes only which certificate is primary.
    expect(readsBackAs({ ...sent, certificate: 'BBB' }, sent)).toBe(false);
    expect(readsBackAs(null, sent)).toBe(false);
  });

  it('compares the primary certificate by its body, as the trusted set: re-armoured or re-wrapped it still reads back', () => {
    const armoured = `-----BEGIN CERTIFICATE-----\nAA\nA\n-----END CERTIFICATE-----\n`;
    expect(readsBackAs({ ...sent, certificate: armoured }, sent)).toBe(true);
    expect(
      readsBackAs(
        { ...sent, certificate: `-----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----` },
        sent,
      ),
    ).toBe(false);
  });
});
