/** Peak resident set size of this process, sampled on a timer, and the kernel's own high-water mark. */
import { readFile } from 'node:fs/promises';

export interface RssPeak {
  /** The highest RSS sample, in bytes. */
  rss: number;
  /** This thread's V8 heap and the memory outside it, at that sample (what the peak is made of). */
  atPeak: NodeJS.MemoryUsage;
}

export interface RssSampler {
  /** Stops sampling; returns the highest sample. */
  stop(): RssPeak;
}

export function sampleRss(everyMs: number): RssSampler {
  let atPeak = process.memoryUsage();
  const sample = () => {
    const now = process.memoryUsage();
    if (now.rss > atPeak.rss) atPeak = now;
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rss: atPeak.rss, atPeak };
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
