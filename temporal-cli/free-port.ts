import net from 'node:net';

/**
 * A TCP port that was free a moment ago on `host`. The OS picks it (port 0), so parallel callers get different
 * ports; another process could still take it before we bind, which is acceptable for local servers and tests.
 */
export function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not determine a free port'));
      });
    });
  });
}
