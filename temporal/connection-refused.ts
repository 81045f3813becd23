import net from 'node:net';

/** Errors of a plain TCP connect that mean nobody will answer at that address, however long gRPC waits. */
const DEFINITE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** `host:port` or `[v6]:port`, as TEMPORAL_ADDRESS is written; undefined when it is something else. */
function hostAndPort(address: string): { host: string; port: number } | undefined {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(address.trim());
  return match ? { host: match[1]!, port: Number(match[2]) } : undefined;
}

/**
 * Resolves with the reason (e.g. `connection refused (ECONNREFUSED)`) when a TCP connect to `address` fails in
 * a way no retry fixes, and never resolves otherwise. gRPC keeps retrying a refused connection until its
 * connect timeout (5 s); racing this probe against it lets a CLI with no server to talk to fail at once,
 * at no cost when the server is there.
 */
export function connectionRefused(address: string, timeoutMs = 5_000): Promise<string> {
  const target = hostAndPort(address);
  return new Promise((resolve) => {
    if (!target) return;
    const socket = net.connect({ host: target.host, port: target.port, timeout: timeoutMs });
    socket.unref();
    socket.once('connect', () => socket.destroy());
    socket.once('timeout', () => socket.destroy());
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code && DEFINITE.has(error.code)) {
        resolve(
          `${error.code === 'ECONNREFUSED' ? 'connection refused' : 'host unreachable'} (${error.code})`,
        );
      }
    });
  });
}
