import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import type { Actor } from '../auth/actor';
import type { RedisHandle } from '../db/redis';
import { AppError } from '../shared/errors';
import { openSockets } from '../observability/metrics';
import type { Logger } from '../shared/logger';
import { SocketIoRealtimePublisher, userRoom, type RealtimePublisher } from './realtime-publisher';
import { realtimeConnectionEvents, type ConnectionEndedEvent } from '@aurastream/contract';

/** Something that happened on any service instance, heard here (a Redis feed). */
export interface ChangeFeed<T extends string> {
  listen(listener: (id: T) => void): () => void;
}

export interface RealtimeServerOptions {
  redisHandle: Pick<RedisHandle, 'connect'>;
  /** REDIS_KEY_PREFIX: the adapter's channels carry it so installs sharing a Redis stay apart. */
  keyPrefix: string;
  /** Turns `Bearer <access token>` into the actor, as for HTTP requests. */
  authenticate(authorizationHeader: string | undefined): Promise<Actor | null>;
  /** Browser origins allowed to connect (the service's own and CORS_ORIGINS). */
  allowedOrigins: string[];
  /** Accounts that changed (password, deletion, role): their connections are checked again. */
  accountChanges: ChangeFeed<string>;
  /** Sessions that ended (logout, a reused refresh token, …): their connections are checked again. */
  sessionEnds: ChangeFeed<string>;
  /**
   * Accept the long-polling transport (the fallback where websockets are blocked). Off when several
   * processes share the port: polling requests would land on processes that never saw the handshake.
   */
  allowLongPolling?: boolean;
  logger: Logger;
}

interface SocketData {
  actor: Actor;
  /** `Bearer <access token>`, kept to check the connection again. */
  authorization: string;
  /** Ends the connection when the access token expires. */
  expiry?: ReturnType<typeof setTimeout>;
}

/** The socket.io room of a session: every connection opened with its access tokens. */
function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/** The longest delay a timer takes (about 24.8 days); tokens live far shorter. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  private readonly unsubscribe: Array<() => void>;

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
      const data = socket.data as SocketData;
      void socket.join([userRoom(data.actor.id), sessionRoom(data.actor.sessionId)]);
      this.scheduleExpiry(socket);
      openSockets.inc();
      socket.on('disconnect', () => {
        clearTimeout(data.expiry);
        openSockets.dec();
      });
    });
    this.publisher = new SocketIoRealtimePublisher(this.io);
    // authentication holds only at the handshake: a connection is checked again whenever its
    // account changes or its session ends, on whichever instance that happened
    this.unsubscribe = [
      options.accountChanges.listen((userId) => this.recheckRoom(userRoom(userId))),
      options.sessionEnds.listen((sessionId) => this.recheckRoom(sessionRoom(sessionId))),
    ];
  }

  /** At the access token's expiry the connection ends; the client reconnects with a fresh token. */
  private scheduleExpiry(socket: Socket): void {
    const data = socket.data as SocketData;
    clearTimeout(data.expiry);
    const remainingMs = data.actor.accessTokenExpiresAt.getTime() - Date.now();
    data.expiry = setTimeout(
      () =>
        this.end(socket, {
          code: 'token_expired',
          message: 'The access token has expired; connect again with a fresh one',
          reconnect: true,
        }),
      Math.min(Math.max(remainingMs, 0), MAX_TIMER_MS),
    );
    // a pending expiry never keeps the process alive
    data.expiry.unref();
  }

  /** Checks this instance's connections in a room again, ending those whose credentials no longer hold. */
  private recheckRoom(room: string): void {
    const ids = this.io.of('/').adapter.rooms.get(room);
    for (const id of ids ? [...ids] : []) {
      const socket = this.io.of('/').sockets.get(id);
      if (socket) {
        this.recheck(socket).catch((error: unknown) => {
          this.options.logger.warn({ err: error }, 'could not check a realtime connection again');
        });
      }
    }
  }

  private async recheck(socket: Socket): Promise<void> {
    const data = socket.data as SocketData;
    try {
      const actor = await this.options.authenticate(data.authorization);
      if (actor) {
        // a new role or tier applies to the connection as well
        data.actor = actor;
        return;
      }
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
      this.end(socket, {
        code: error.code,
        message: error.message,
        reconnect: error.code === 'token_expired',
      });
      return;
    }
    this.end(socket, { code: 'unauthorized', message: 'Authentication is required', reconnect: false });
  }

  /** Says why, then closes the connection (the client sees `io server disconnect`). */
  private end(socket: Socket, reason: ConnectionEndedEvent): void {
    clearTimeout((socket.data as SocketData).expiry);
    if (socket.connected) {
      socket.emit(realtimeConnectionEvents.ended, reason);
      socket.disconnect(true);
    }
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
      Object.assign(socket.data as SocketData, { actor, authorization });
    } catch (error) {
      if (error instanceof AppError) {
        throw refusal(error.code, error.message);
      }
      this.options.logger.error({ err: error }, 'socket.io authentication failed');
      throw refusal('internal_error', 'Authentication failed');
    }
  }

  /**
   * Emits to a user's connections on this instance only: for events every instance hears itself
   * (a Redis subscription), which would arrive twice through the adapter.
   */
  emitToLocalUser(userId: string, event: string, payload: unknown): void {
    this.io.local.to(userRoom(userId)).emit(event, payload);
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
    for (const unsubscribe of this.unsubscribe) {
      unsubscribe();
    }
    // `local`: without it the adapter would disconnect every instance's clients
    this.io.local.disconnectSockets(true);
    await this.io.of('/').adapter.close();
    (this.io.engine as Server['engine'] | undefined)?.close();
    await Promise.allSettled([this.pubClient.quit(), this.subClient.quit()]);
  }
}
