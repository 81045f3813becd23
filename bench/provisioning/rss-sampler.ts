/** Peak resident set size of this process, sampled on a timer, and the kernel's own high-water mark. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface RssPeak {
  /** The highest RSS sample, in bytes. */
  rss: number;
  /** This thread's V8 heap and the memory outside it, at that sample (what the peak is made of). */
  atPeak: NodeJS.MemoryUsage;
  /** The resident memory by kind of mapping (Linux), read near the peak; empty elsewhere. */
  mappings: Map<MappingKind, number>;
  /** Open sockets at the same moment (Linux; each org's Genesys client keeps its own keep-alive pool). */
  sockets: number | undefined;
}

function openSockets(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
      } catch {
        return false;
      }
    }).length;
  } catch {
    return undefined;
  }
}

export type MappingKind =
  | 'malloc main arena (brk heap)'
  | 'malloc thread arenas (64 MiB-aligned)'
  | 'V8 heap pages (256 KiB, all threads)'
  | 'other anonymous ≥ 1 MiB (V8 new space and large objects, big native buffers)'
  | 'other anonymous < 1 MiB'
  | 'files (code, shared libraries)';

/** glibc's per-thread malloc arenas live in heaps of HEAP_MAX_SIZE (64 MiB on 64-bit), aligned to that size. */
const ARENA_ALIGNMENT = 64n * 1024n * 1024n;

/**
 * Resident bytes by kind of mapping, from /proc/self/smaps: what native memory is made of. The kinds are
 * heuristics: a thread arena is an anonymous mapping that starts on a 64 MiB boundary; V8 maps its old-space
 * pages one by one, 256 KiB each (checked on Node 20: 2 million small objects land in 256 KiB mappings, their
 * sum close to heapTotal).
 */
export function residentByMapping(): Map<MappingKind, number> {
  const kinds = new Map<MappingKind, number>();
  let smaps: string;
  try {
    smaps = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return kinds;
  }
  let kind: MappingKind | undefined;
  for (const line of smaps.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      const start = BigInt(`0x${header[1]}`);
      const size = BigInt(`0x${header[2]}`) - start;
      const path = header[3]!;
      kind =
        path === '[heap]'
          ? 'malloc main arena (brk heap)'
          : path !== ''
            ? 'files (code, shared libraries)'
            : start % ARENA_ALIGNMENT === 0n
              ? 'malloc thread arenas (64 MiB-aligned)'
              : size === 256n * 1024n
                ? 'V8 heap pages (256 KiB, all threads)'
                : size >= 1024n * 1024n
                  ? 'other anonymous ≥ 1 MiB (V8 new space and large objects, big native buffers)'
                  : 'other anonymous < 1 MiB';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && kind) kinds.set(kind, (kinds.get(kind) ?? 0) + Number(rss[1]) * 1024);
  }
  return kinds;
}

export interface RssSampler {
  /** Stops sampling; returns the highest sample. */
  stop(): RssPeak;
}

/** How much the RSS must have grown since the last read of the mappings before they are read again. */
const MAPPINGS_EVERY_BYTES = 16 * 2 ** 20;

export function sampleRss(everyMs: number): RssSampler {
  let atPeak = process.memoryUsage();
  let mappings = new Map<MappingKind, number>();
  let sockets: number | undefined;
  let mappingsAt = 0;
  const sample = () => {
    const now = process.memoryUsage();
    if (now.rss > atPeak.rss) atPeak = now;
    // /proc/self/smaps costs a few ms to read: only when a new peak has grown past the last reading.
    if (now.rss === atPeak.rss && now.rss > mappingsAt + MAPPINGS_EVERY_BYTES) {
      mappings = residentByMapping();
      sockets = openSockets();
      mappingsAt = now.rss;
    }
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rss: atPeak.rss, atPeak, mappings, sockets };
    },
  };
}

/**
 * VmHWM from /proc/<pid>/status in bytes: the peak over the whole life of the process (this one by default, or
 * another, e.g. a worker process of bench:fleet); undefined off Linux or once the process is gone.
 */
export async function kernelPeakRss(pid: number | 'self' = 'self'): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
