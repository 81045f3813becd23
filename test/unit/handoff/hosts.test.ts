import { describe, expect, it } from 'vitest';
import { networkChecklist } from '../../../handoff/network.js';
import { resolveGenesysHosts } from '../../../purecloud/regions.js';

describe('resolveGenesysHosts', () => {
  it('derives api, login and apps hosts and the region key from the one region table', () => {
    expect(resolveGenesysHosts('eu_west_1')).toEqual({
      regionKey: 'eu_west_1',
      environmentHost: 'mypurecloud.ie',
      apiBaseUrl: 'https://api.mypurecloud.ie',
      loginBaseUrl: 'https://login.mypurecloud.ie',
      appsBaseUrl: 'https://apps.mypurecloud.ie',
    });
    expect(resolveGenesysHosts('api.usw2.pure.cloud').regionKey).toBe('us_west_2');
  });

  it('has no region key for a region newer than the table, but still its three hosts', () => {
    expect(resolveGenesysHosts('xyz9.pure.cloud')).toMatchObject({
      environmentHost: 'xyz9.pure.cloud',
      appsBaseUrl: 'https://apps.xyz9.pure.cloud',
    });
    expect(resolveGenesysHosts('xyz9.pure.cloud').regionKey).toBeUndefined();
  });
});

describe('networkChecklist', () => {
  it('lists the api, login and apps hosts of a region on port 443', () => {
    expect(networkChecklist(resolveGenesysHosts('mypurecloud.de')).map((n) => `${n.host}:${n.port}`)).toEqual(
      ['api.mypurecloud.de:443', 'login.mypurecloud.de:443', 'apps.mypurecloud.de:443'],
    );
  });
});
