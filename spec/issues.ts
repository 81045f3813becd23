import { z } from 'zod';
import { closestMatch } from './did-you-mean.js';

/** The object keys a schema accepts at `path`, looking through defaults, optionals, pipes and arrays. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  let remaining = [...path];
  while (current !== undefined) {
    if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (remaining.length === 0) {
      return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
    } else {
      const [segment, ...rest] = remaining;
      remaining = rest;
      if (current instanceof z.ZodArray && typeof segment === 'number')
        current = current.element as z.ZodType;
      else if (current instanceof z.ZodObject && typeof segment === 'string') {
        current = (current.shape as Record<string, z.ZodType | undefined>)[segment];
      } else return [];
    }
  }
  return [];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** A problem located by its raw path; the loader adds the printable path and the YAML position. */
export interface RawSpecIssue {
  segments: readonly PropertyKey[];
  message: string;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const guess = closestMatch(key, known);
  if (guess !== undefined) return `unknown key; did you mean '${guess}'?`;
  return known.length > 0 ? `unknown key; the keys here are ${known.join(', ')}` : 'unknown key';
}

/**
 * Turns zod's issues into spec issues: one per unknown key (with a "did you mean" when it looks like a typo of a
 * known key), "is required" for absent fields, and other messages as the schema words them. `data` is the parsed
 * YAML, used only to tell a missing field from a wrong one; its values never reach a message.
 */
export function toRawSpecIssues(
  schema: z.ZodType,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
): RawSpecIssue[] {
  return issues.flatMap((issue): RawSpecIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => ({
        segments: [...issue.path, key],
        message: unknownKeyMessage(key, known),
      }));
    }
    const missing = issue.code === 'invalid_type' && valueAt(data, issue.path) == null;
    return [{ segments: issue.path, message: missing ? `is required; ${issue.message}` : issue.message }];
  });
}
