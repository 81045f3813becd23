import { randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** 43 url-safe characters, the shape of a real Genesys client secret. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Opaque bearer token; its shape carries no meaning for clients. */
export function newAccessToken(): string {
  return randomBytes(48).toString('base64url');
}
