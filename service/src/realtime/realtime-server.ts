import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import type { Actor } from '../auth/actor';
import type { RedisHandle } from '../db/redis';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { SocketIoRealtimePublisher, userRoom, type RealtimePublisher } from './realtime-publisher';

export interface RealtimeServerOptions {
  redisHandle: Pick<RedisHandle, 'connect'>;
  /** REDIS_KEY_PREFIX: the adapter's channels carry it so installs sharing a Redis stay apart. */
  keyPrefix: string;
  /** Turns `Bearer <access token>` into the actor, as for HTTP requests. */
  authenticate(authorizationHeader: string | undefined): Promise<Actor | null>;
  /** Browser origins allowed to connect (the service's own and CORS_ORIGINS). */
  allowedOrigins: string[];
  /**
   * Accept the long-polling transport (the fallback where websockets are blocked). Off when several
   * processes share the port: polling requests would land on processes that never saw the handshake.
   */
  allowLongPolling?: boolean;
  logger: Logger;
}

interface SocketData {
  actor: Actor;
}

/** The access token a client sent: `auth: {token}` in the handshake, or an Authorization header. */
function bearerOf(socket: Socket): string | undefined {
  const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
  if (typeof token === 'string' && token.length > 0) {
    return `Bearer ${token}`;
  }
  return socket.handshake.headers.authorization;
}

/** A handshake refusal the client sees as `connect_error` with `message` and `data.code`. */
function refusal(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(message), { data: { code } });
}

/**
 * socket.io for the dashboard: connections authenticate with the access token, each joins its
 * user's room, and the Redis adapter (two dedicated connections) relays events between instances,
 * so a job finishing on any worker reaches the owner wherever they are connected.
 */
export class RealtimeServer {
  readonly io: Server;
  readonly publisher: RealtimePublisher;
  private readonly pubClient;
  private readonly subClient;

  constructor(private readonly options: RealtimeServerOptions) {
    this.io = new Server({
      serveClient: false,
      transports: options.allowLongPolling === false ? ['websocket'] : ['polling', 'websocket'],
      cors: { origin: options.allowedOrigins, credentials: true },
    });
    this.pubClient = options.redisHandle.connect('socket.io-pub');
    this.subClient = options.redisHandle.connect('socket.io-sub');
    this.io.adapter(createAdapter(this.pubClient, this.subClient, { key: `${options.keyPrefix}socket.io` }));
    this.io.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => next(error instanceof Error ? error : refusal('unauthorized', 'Authentication failed')),
      );
    });
    this.io.on('connection', (socket: Socket) => {
      const { actor } = socket.data as SocketData;
      void socket.join(userRoom(actor.id));
    });
    this.publisher = new SocketIoRealtimePublisher(this.io);
  }

  private async authenticate(socket: Socket): Promise<void> {
    const authorization = bearerOf(socket);
    if (!authorization) {
      throw refusal('unauthorized', 'Send the access token as `auth: {token}`');
    }
    try {
      const actor = await this.options.authenticate(authorization);
      if (!actor) {
        throw refusal('unauthorized', 'Authentication is required');
      }
      (socket.data as SocketData).actor = actor;
    } catch (error) {
      if (error instanceof AppError) {
        throw refusal(error.code, error.message);
      }
      this.options.logger.error({ err: error }, 'socket.io authentication failed');
      throw refusal('internal_error', 'Authentication failed');
    }
  }

  /** Serves socket.io on the service's HTTP server (path `/socket.io`). */
  attach(server: HttpServer): void {
    this.io.attach(server);
  }

  /**
   * Disconnects this instance's clients and leaves Redis. Not `io.close()`: that also waits for the
   * HTTP server to close, which the service's shutdown does itself (after open streams ended).
   */
  async close(): Promise<void> {
    // `local`: without it the adapter would disconnect every instance's clients
    this.io.local.disconnectSockets(true);
    await this.io.of('/').adapter.close();
    (this.io.engine as Server['engine'] | undefined)?.close();
    await Promise.allSettled([this.pubClient.quit(), this.subClient.quit()]);
  }
}
