import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger';
import { findFreePort } from './free-port';
import { recordDependencyError } from '../observability/metrics';

export type { Redis };

/** A Redis the service uses: the configured one, or a private child `redis-server`. */
export interface RedisHandle {
  url: string;
  /**
   * Opens a new connection (socket.io's adapter and subscribers need their own). `autoPipeline`
   * sends the commands issued in one turn of the event loop as one write: concurrent requests
   * (rate limits, session checks) then share a round trip instead of each paying for a syscall.
   */
  connect(name: string, options?: { autoPipeline?: boolean }): Redis;
  /** The child redis-server's process id; null with REDIS_URL. */
  pid: number | null;
  /** Stops the child process, if we started one. */
  stop(): Promise<void>;
}

export class RedisServerMissingError extends Error {
  constructor(bin: string) {
    super(
      `The embedded Redis needs the "${bin}" binary, which was not found.\n` +
        '  Install it with:  sudo apt-get install -y redis-server\n' +
        '  or point REDIS_URL at an existing Redis (e.g. redis://localhost:6379).',
    );
    this.name = 'RedisServerMissingError';
  }
}

function binaryExists(bin: string): boolean {
  return spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with code ${child.exitCode} during start-up`);
    }
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
  throw new Error(`redis-server did not answer within ${timeoutMs} ms`);
}

/** Starts a private redis-server with its data (append-only file) under `dir`. */
async function startChildRedis(
  bin: string,
  dir: string,
  logger: Logger,
  fixedPort: number | null,
): Promise<{ url: string; child: ChildProcess }> {
  if (!binaryExists(bin)) {
    throw new RedisServerMissingError(bin);
  }
  mkdirSync(dir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const port = fixedPort ?? (await findFreePort());
    const child = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // redis-server logs (warnings and up) to standard output; standard error has its crashes
    for (const output of [child.stdout, child.stderr]) {
      output?.on('data', (chunk: Buffer) => logger.warn({ redis: chunk.toString().trim() }, 'redis-server'));
    }
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitForPing(url, child, 10_000);
      logger.info({ port, dir }, 'embedded redis-server started');
      return { url, child };
    } catch (error) {
      child.kill('SIGKILL');
      // another process may have taken the port between the probe and the spawn
      if (attempt >= 3 || fixedPort !== null) {
        throw error;
      }
    }
  }
}

/**
 * How long a command waits for a lost Redis: one reconnection attempt, tried every 50–500 ms, then it
 * fails (a request answers 503 within about a second rather than hanging while Redis is down).
 */
const MAX_RETRIES_PER_REQUEST = 1;
const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 50, 500);

export async function startRedis(
  options: {
    url: string | null;
    serverBin: string;
    dataDir: string;
    keyPrefix: string;
    /** The child's port (e.g. a test restarting it where its clients expect it); a free one otherwise. */
    port?: number;
  },
  logger: Logger,
): Promise<RedisHandle> {
  let url = options.url;
  let child: ChildProcess | null = null;
  if (!url) {
    ({ url, child } = await startChildRedis(
      options.serverBin,
      path.join(options.dataDir, 'redis'),
      logger,
      options.port ?? null,
    ));
  }
  const resolvedUrl = url;
  const connections = new Set<Redis>();
  return {
    url: resolvedUrl,
    pid: child?.pid ?? null,
    connect(name, connectOptions) {
      // every key gets REDIS_KEY_PREFIX, so several installs (or test runs) can share one Redis
      const connection = new Redis(resolvedUrl, {
        connectionName: name,
        maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST,
        retryStrategy: reconnectDelayMs,
        keyPrefix: options.keyPrefix,
        enableAutoPipelining: connectOptions?.autoPipeline ?? false,
      });
      connection.on('error', (error: Error) => {
        recordDependencyError('redis', 'connection');
        logger.warn({ err: error, connection: name }, 'redis connection error');
      });
      connections.add(connection);
      connection.once('end', () => connections.delete(connection));
      return connection;
    },
    async stop() {
      await Promise.allSettled([...connections].map((connection) => connection.quit()));
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) {
          child.kill('SIGKILL');
        }
      }
    },
  };
}
