import net from 'node:net';

/**
 * The ports this process was handed, so it never hands one out twice: a port is free only until
 * something binds it, and two callers asking at once (two services started side by side) can
 * otherwise be given the same one, which only the first of them gets to bind.
 */
const handed = new Set<number>();
const HANDED_KEPT = 1_000;

function askTheSystem(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('could not determine a free port'));
        }
      });
    });
  });
}

/** Asks the OS for a free TCP port on loopback, one this process was not handed before. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await askTheSystem(host);
    if (!handed.has(port)) {
      handed.add(port);
      if (handed.size > HANDED_KEPT) {
        handed.delete(handed.values().next().value as number);
      }
      return port;
    }
  }
}
