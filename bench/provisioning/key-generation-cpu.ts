/**
 * The CPU time one certificate bundle costs (RSA key generation on the libuv thread pool, signing and key
 * encryption on the main thread), measured in the bench's own process: bundles generated one at a time while
 * nothing else runs in it, each timed by `process.cpuUsage()` (user + system of every thread of this process).
 * CPU time, not wall time, so the load of other processes on a shared machine does not count. RSA-2048 key
 * generation varies from key to key (the prime search is random), hence the mean of many.
 */
import { randomBytes } from 'node:crypto';
import { generateCertificateBundle } from '../../certificate/bundle.js';
import type { CertificateOptions } from '../../certificate/options.js';

export interface KeyGenerationCpu {
  samples: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
}

export async function keyGenerationCpu(
  options: CertificateOptions,
  samples: number,
): Promise<KeyGenerationCpu> {
  const password = randomBytes(18).toString('base64url');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const before = process.cpuUsage();
    await generateCertificateBundle(options, password);
    const spent = process.cpuUsage(before);
    times.push((spent.user + spent.system) / 1000);
  }
  return {
    samples,
    meanMs: times.reduce((a, b) => a + b, 0) / samples,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
  };
}
