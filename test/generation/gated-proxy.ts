import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback proxy in front of a fake upstream (the fake OpenAI images server) that lets through
 * only as many requests as allowed and holds the rest unanswered, so a test can stop a worker at an
 * exact point of a job (after its first image, say) without timing tricks.
 */
export interface GatedProxy {
  /** The proxy's base URL, with the upstream's path (e.g. `http://127.0.0.1:<port>/v1`). */
  baseUrl: string;
  /** Requests forwarded so far. */
  readonly passed: number;
  /** Requests waiting at the gate. */
  readonly held: number;
  /** Lets `count` more requests through (held ones first); `Infinity` opens the gate. */
  allow(count: number): void;
  /** From now on, holds every request until `allow`. */
  close(): void;
  /** Waits until at least `count` requests are being held. */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface HeldRequest {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
}

export async function startGatedProxy(upstreamBaseUrl: string, initiallyAllowed: number): Promise<GatedProxy> {
  const upstream = new URL(upstreamBaseUrl);
  let allowance = initiallyAllowed;
  let passed = 0;
  const held: HeldRequest[] = [];
  const sockets = new Set<Socket>();
  const heldWaiters: Array<{ count: number; resolve: () => void }> = [];

  const forward = async ({ req, res, body }: HeldRequest): Promise<void> => {
    passed += 1;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) {
        headers[name] = value;
      }
    }
    try {
      const answer = await fetch(`${upstream.origin}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : new Uint8Array(body),
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
        'content-length': payload.length,
      });
      res.end(payload);
    } catch {
      res.destroy();
    }
  };

  const notifyHeld = (): void => {
    for (const waiter of [...heldWaiters]) {
      if (held.length >= waiter.count) {
        heldWaiters.splice(heldWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { req, res, body: Buffer.concat(chunks) };
      if (allowance > 0) {
        allowance -= 1;
        void forward(request);
      } else {
        held.push(request);
        res.on('close', () => {
          const index = held.indexOf(request);
          if (index >= 0) {
            held.splice(index, 1);
          }
        });
        notifyHeld();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    get passed() {
      return passed;
    },
    get held() {
      return held.length;
    },
    allow(count) {
      allowance += count;
      while (allowance > 0 && held.length > 0) {
        allowance -= 1;
        void forward(held.shift()!);
      }
    },
    close() {
      allowance = 0;
    },
    waitForHeld(count, timeoutMs = 45_000) {
      if (held.length >= count) {
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fewer than ${count} requests held`)), timeoutMs);
        heldWaiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
