/** Peak resident set size of this process, sampled on a timer, and the kernel's own high-water mark. */
import { readFile } from 'node:fs/promises';

export interface RssSampler {
  /** Stops sampling; returns the highest sample in bytes. */
  stop(): number;
}

export function sampleRss(everyMs: number): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
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
