import { badRequest, invalidField } from '../errors.js';

/**
 * Field readers for request bodies. Each throws a 400 that names the field and what is expected, so a
 * caller never has to guess what was wrong with a request.
 */

export type JsonObject = Record<string, unknown>;

export function expectObject(body: unknown, what: string): JsonObject {
  if (body === undefined) throw badRequest(`The request body is required: send ${what} as JSON`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The request body must be a JSON object (${what})`);
  }
  return body as JsonObject;
}

export function requiredString(obj: JsonObject, field: string, path = field): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '') {
    throw invalidField(path, `${path} is required and must be a non-empty string`);
  }
  return v;
}

export function optionalString(obj: JsonObject, field: string, path = field): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidField(path, `${path} must be a string`);
  return v;
}

export function optionalBoolean(obj: JsonObject, field: string, path = field): boolean | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidField(path, `${path} must be true or false`);
  return v;
}

export function optionalInteger(
  obj: JsonObject,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalidField(field, `${field} must be an integer between ${min} and ${max}`);
  }
  return v;
}

export function optionalStringArray(obj: JsonObject, field: string, path = field): string[] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw invalidField(path, `${path} must be an array of strings`);
  }
  return v as string[];
}

export function optionalObjectArray(obj: JsonObject, field: string): JsonObject[] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) {
    throw invalidField(field, `${field} must be an array of objects`);
  }
  return v as JsonObject[];
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, `${field} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}
