/** Walking Genesys page-numbered listings (`pageSize`, `pageNumber`, `pageCount`). */
import type { EntityListing } from './types.js';

/** Guards against a server that never reports the end; 1000 pages of 100 is far beyond any org we provision. */
const MAX_PAGES = 1000;

/**
 * Fetches pages 1, 2, … and concatenates their entities. Stops after `pageCount` pages, or, when the server
 * omits `pageCount`, at the first page shorter than `pageSize`.
 */
export async function collectPages<T>(
  pageSize: number,
  fetchPage: (pageNumber: number) => Promise<EntityListing<T>>,
): Promise<T[]> {
  const all: T[] = [];
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
    const page = await fetchPage(pageNumber);
    const entities = page?.entities ?? [];
    all.push(...entities);
    const lastPage =
      page?.pageCount !== undefined ? pageNumber >= page.pageCount : entities.length < pageSize;
    if (lastPage || entities.length === 0) return all;
  }
  throw new Error(`listing did not end after ${MAX_PAGES} pages of ${pageSize}; refusing to read further`);
}
