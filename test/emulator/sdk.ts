import platformClient from 'purecloud-platform-client-v2';
import type {
  ApiClientClass,
  AuthorizationApi,
  IdentityProviderApi,
  OAuthApi,
  OrganizationApi,
  SearchApi,
  UsersApi,
} from 'purecloud-platform-client-v2';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/server.js';

/**
 * The official SDK, pointed at an emulator exactly as a user would: `setGateway` routes both the login host
 * (`/oauth/token`) and the API host (`/api/v2/...`) to the emulator's one origin.
 * The package's typings type only `ApiClient` on the module value; this gives the Api classes a typed handle.
 */
const sdk = platformClient as unknown as {
  ApiClientClass: new () => ApiClientClass;
  OAuthApi: typeof OAuthApi;
  IdentityProviderApi: typeof IdentityProviderApi;
  AuthorizationApi: typeof AuthorizationApi;
  UsersApi: typeof UsersApi;
  SearchApi: typeof SearchApi;
  OrganizationApi: typeof OrganizationApi;
};

export interface SdkSession {
  client: ApiClientClass;
  oauth: OAuthApi;
  idp: IdentityProviderApi;
  authorization: AuthorizationApi;
  users: UsersApi;
  search: SearchApi;
  organization: OrganizationApi;
}

/** A fresh SDK ApiClient (not the shared singleton) aimed at the emulator. */
export function sdkClient(emulator: RunningEmulator): ApiClientClass {
  const client = new sdk.ApiClientClass();
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port: emulator.port });
  return client;
}

export function apis(client: ApiClientClass): SdkSession {
  return {
    client,
    oauth: new sdk.OAuthApi(client),
    idp: new sdk.IdentityProviderApi(client),
    authorization: new sdk.AuthorizationApi(client),
    users: new sdk.UsersApi(client),
    search: new sdk.SearchApi(client),
    organization: new sdk.OrganizationApi(client),
  };
}

/** Logs in with client credentials through the SDK and returns the Api objects bound to that session. */
export async function login(
  emulator: RunningEmulator,
  clientId: string,
  secret: string,
): Promise<SdkSession> {
  const client = sdkClient(emulator);
  await client.loginClientCredentialsGrant(clientId, secret);
  return apis(client);
}

export async function adminSession(emulator: RunningEmulator): Promise<SdkSession> {
  return login(emulator, emulator.adminClientId, emulator.adminClientSecret);
}

/** The SDK rejects with the parsed error body (or the axios error when there is none). */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export async function withEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, ...opts });
}
