/**
 * CPU time of this process's threads, grouped by what they are (Linux: /proc/self/task/<tid>/stat), so a bench
 * can say where its CPU went: the main thread, the libuv thread pool (RSA key generation), V8's helpers (GC,
 * compiler), the Temporal core's tokio threads, and the SDK's workflow thread. Undefined off Linux.
 */
import { readdir, readFile } from 'node:fs/promises';
import { isWorkflowThread } from './workflow-threads.js';

const CLOCK_TICKS_PER_SECOND = 100;

/** Milliseconds of CPU per thread group. */
export type ThreadCpu = Map<string, number>;

function groupOf(tid: string, name: string): string {
  if (tid === String(process.pid)) return 'main thread';
  if (isWorkflowThread(tid)) return 'workflow thread';
  // Rust names its threads (the Temporal core's tokio runtime); Node names none of its own (libuv's pool, where
  // the RSA keys are generated, and V8's GC and compiler helpers), which keep the process's name.
  if (name === 'node') return 'libuv pool and V8 helpers';
  return `Temporal core and other named threads`;
}

export async function threadCpu(): Promise<ThreadCpu | undefined> {
  let tids: string[];
  try {
    tids = await readdir('/proc/self/task');
  } catch {
    return undefined;
  }
  const groups: ThreadCpu = new Map();
  for (const tid of tids) {
    try {
      const stat = await readFile(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
      const group = groupOf(tid, name);
      groups.set(group, (groups.get(group) ?? 0) + cpuMs);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return groups;
}

/** What each group used between two readings (threads that ended in between are not counted). */
export function threadCpuSince(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  return new Map([...after].map(([group, cpuMs]) => [group, cpuMs - (before.get(group) ?? 0)]));
}
