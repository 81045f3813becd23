import { invalidField } from '../errors.js';

export interface Page {
  pageSize: number;
  pageNumber: number;
}

/** Reads `pageSize` (1..max, default 25) and `pageNumber` (>= 1, default 1) from the query. */
export function readPage(query: URLSearchParams, maxPageSize = 500): Page {
  return {
    pageSize: readIntParam(query, 'pageSize', 25, 1, maxPageSize),
    pageNumber: readIntParam(query, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER),
  };
}

function readIntParam(query: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidField(
      name,
      `Query parameter ${name} must be an integer between ${min} and ${max}`,
      'invalid.query.param.value',
    );
  }
  return n;
}

/** Multi-valued query parameter: the SDK joins arrays with commas; repeated parameters work too. */
export function multiParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export interface EntityListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  selfUri: string;
  lastUri: string;
  previousUri?: string;
  nextUri?: string;
}

/** One page of `all` with the listing fields of reference §4 (relative URIs). */
export function listing<T>(all: T[], page: Page, basePath: string, extraQuery = ''): EntityListing<T> {
  const { pageSize, pageNumber } = page;
  const total = all.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (n: number) => `${basePath}?pageSize=${pageSize}&pageNumber=${n}${extraQuery}`;
  const out: EntityListing<T> = {
    entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(Math.max(1, pageCount)),
  };
  if (pageNumber > 1) out.previousUri = uri(pageNumber - 1);
  if (pageNumber < pageCount) out.nextUri = uri(pageNumber + 1);
  return out;
}

/** Unpaged collections (OAuth clients, identity providers) still answer in the listing shape. */
export function singlePage<T>(all: T[], basePath: string): EntityListing<T> {
  return listing(all, { pageSize: Math.max(all.length, 1), pageNumber: 1 }, basePath);
}
