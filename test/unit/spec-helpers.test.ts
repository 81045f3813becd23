import { describe, expect, it } from 'vitest';
import { closestMatch, levenshtein } from '../../spec/did-you-mean.js';
import { GENESYS_REGION_HOSTS, regionHostOfUrl } from '../../spec/environment.js';
import { formatSpecPath, SpecError } from '../../spec/errors.js';

describe('did you mean', () => {
  it('measures edit distance', () => {
    expect(levenshtein('grantTyp', 'grantType')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
  });

  it('ignores case and refuses far-fetched matches', () => {
    expect(closestMatch('issueruri', ['issuerURI', 'ssoTargetURI'])).toBe('issuerURI');
    expect(closestMatch('oauthClient', ['oauthClients', 'org'])).toBe('oauthClients');
    expect(closestMatch('colour', ['org', 'output', 'admins'])).toBeUndefined();
    expect(closestMatch('ab', ['org'])).toBeUndefined();
  });
});

describe('regions', () => {
  it('maps SDK keys to the hosts of reference §1', () => {
    expect(GENESYS_REGION_HOSTS.us_east_1).toBe('mypurecloud.com');
    expect(GENESYS_REGION_HOSTS.eu_central_2).toBe('euc2.pure.cloud');
    expect(Object.keys(GENESYS_REGION_HOSTS)).toHaveLength(18);
  });

  it('recognises a URL into a real region', () => {
    expect(regionHostOfUrl('https://api.mypurecloud.ie/')).toBe('mypurecloud.ie');
    expect(regionHostOfUrl('http://localhost:9100')).toBeUndefined();
  });
});

describe('SpecError', () => {
  it('formats paths the way they are written in YAML', () => {
    expect(formatSpecPath(['oauthClients', 1, 'roles'])).toBe('oauthClients[1].roles');
    expect(formatSpecPath([])).toBe('');
    expect(formatSpecPath(['admins', 0, 'odd key'])).toBe('admins[0]["odd key"]');
  });

  it('says how many problems there are and lists each on its own line', () => {
    const error = new SpecError('org.yaml', [
      { path: 'org', message: 'must be a lowercase slug', line: 2 },
      { path: '', message: 'YAML syntax error: x', line: 4, column: 3 },
    ]);
    expect(error.message).toBe(
      [
        'org.yaml is not a valid provisioning spec (2 problems):',
        '  org.yaml: org: must be a lowercase slug (line 2)',
        '  org.yaml:4:3: YAML syntax error: x',
      ].join('\n'),
    );
  });
});
