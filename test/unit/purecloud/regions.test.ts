import { describe, expect, it } from 'vitest';
import {
  createGenesysClient,
  GenesysConfigurationError,
  resolveGenesysEndpoints,
} from '../../../purecloud/index.js';

describe('resolveGenesysEndpoints', () => {
  it('derives api. and login. hosts from a region host', () => {
    expect(resolveGenesysEndpoints('mypurecloud.ie')).toEqual({
      apiBaseUrl: 'https://api.mypurecloud.ie',
      loginBaseUrl: 'https://login.mypurecloud.ie',
    });
    expect(resolveGenesysEndpoints('usw2.pure.cloud').loginBaseUrl).toBe('https://login.usw2.pure.cloud');
  });

  it('accepts an SDK region key', () => {
    expect(resolveGenesysEndpoints('us_east_1').apiBaseUrl).toBe('https://api.mypurecloud.com');
    expect(resolveGenesysEndpoints('eusc_de_east_1').apiBaseUrl).toBe('https://api.edee1.eusc-pure.cloud');
  });

  it('strips an api./login. prefix or https:// scheme the way the SDK does', () => {
    expect(resolveGenesysEndpoints('api.mypurecloud.de').loginBaseUrl).toBe('https://login.mypurecloud.de');
    expect(resolveGenesysEndpoints('https://api.mypurecloud.com.au')).toEqual({
      apiBaseUrl: 'https://api.mypurecloud.com.au',
      loginBaseUrl: 'https://login.mypurecloud.com.au',
    });
  });

  it('accepts a region added after the table, by its pure.cloud host shape', () => {
    expect(resolveGenesysEndpoints('xyz9.pure.cloud').apiBaseUrl).toBe('https://api.xyz9.pure.cloud');
  });

  it('serves both api and login from one origin for an emulator URL', () => {
    expect(resolveGenesysEndpoints('http://127.0.0.1:18080')).toEqual({
      apiBaseUrl: 'http://127.0.0.1:18080',
      loginBaseUrl: 'http://127.0.0.1:18080',
    });
    expect(resolveGenesysEndpoints('http://localhost:9/').apiBaseUrl).toBe('http://localhost:9');
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['mypurecloud.con', /not a known Genesys Cloud region/],
    ['eu-west-1', /not a known Genesys Cloud region/],
    ['ftp://127.0.0.1:21', /scheme must be http or https/],
    ['http://127.0.0.1:8080/api/v2', /only the origin/],
    ['http://user:pw@127.0.0.1:8080', /credentials/],
  ])('rejects %j with an error naming `environment`', (environment, problem) => {
    let caught: unknown;
    try {
      resolveGenesysEndpoints(environment);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GenesysConfigurationError);
    expect((caught as GenesysConfigurationError).field).toBe('environment');
    expect((caught as Error).message).toMatch(/`environment`/);
    expect((caught as Error).message).toMatch(problem);
  });
});

describe('createGenesysClient options', () => {
  const base = { environment: 'mypurecloud.com', clientId: 'id', clientSecret: 'secret-value' };

  it('exposes the resolved base URLs', async () => {
    const client = createGenesysClient({ ...base, environment: 'cac1.pure.cloud' });
    expect(client.apiBaseUrl).toBe('https://api.cac1.pure.cloud');
    expect(client.loginBaseUrl).toBe('https://login.cac1.pure.cloud');
    await client.close();
  });

  it('names the missing credential', () => {
    expect(() => createGenesysClient({ ...base, clientId: '' })).toThrow(/`clientId`/);
    expect(() => createGenesysClient({ ...base, clientSecret: ' ' })).toThrow(/`clientSecret`/);
  });

  it('rejects a timeout that is not a positive integer', () => {
    expect(() => createGenesysClient({ ...base, timeoutMs: 0 })).toThrow(/`timeoutMs`/);
    expect(() => createGenesysClient({ ...base, timeoutMs: 1.5 })).toThrow(/`timeoutMs`/);
  });
});
