/**
 * What a V8 heap holds, from a heap snapshot: the self size of its objects summed by kind (node type and
 * constructor or name), largest first. Used by bench:provision --heap-snapshot to say what the workflow thread's
 * memory is made of before anything is shrunk.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapKind {
  kind: string;
  count: number;
  bytes: number;
}

export interface HeapSummary {
  totalBytes: number;
  kinds: HeapKind[];
}

/** Writes a snapshot stream (worker.getHeapSnapshot(), v8.getHeapSnapshot()) to `file`. */
export async function saveSnapshot(stream: Readable, file: string): Promise<void> {
  await pipeline(stream, createWriteStream(file));
}

function kindOf(type: string, name: string): string {
  // Strings and code are many small objects with distinct names: their type is what matters.
  if (['string', 'concatenated string', 'sliced string', 'number', 'code', 'hidden'].includes(type))
    return `(${type})`;
  if (type === 'array') return `(array) ${name.replace(/\d+/g, 'N')}`;
  return `${type} ${name.length > 60 ? `${name.slice(0, 57)}...` : name}`;
}

export async function summarizeSnapshot(file: string): Promise<HeapSummary> {
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const kinds = new Map<string, HeapKind>();
  let totalBytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = typeNames[snapshot.nodes[i + typeAt]!] ?? '?';
    const kind = kindOf(type, snapshot.strings[snapshot.nodes[i + nameAt]!] ?? '');
    const bytes = snapshot.nodes[i + sizeAt]!;
    totalBytes += bytes;
    const entry = kinds.get(kind) ?? { kind, count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    kinds.set(kind, entry);
  }
  return { totalBytes, kinds: [...kinds.values()].sort((a, b) => b.bytes - a.bytes) };
}
