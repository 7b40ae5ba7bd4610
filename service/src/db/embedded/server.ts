/**
 * TCP front end: frames incoming bytes into wire messages, runs each command and
 * writes the reply. Messages on one connection are handled in order (as mongod
 * does); different connections run concurrently, which is what lets the journal
 * group their commits.
 */
import net from 'node:net';
import { runCommand, type BaseContext } from './commands/index';
import type { ServerInfo } from './commands/context';
import { pointFindCursor, pointFindCursorDocument, type PointFindResult } from './commands/point-find';
import type { CursorManager } from './cursors';
import { errorReply } from './errors';
import { scanPointFind, type ScannedPointFind } from './find-scan';
import type { Engine } from './storage/engine';
import type { Document, EmbeddedLogger } from './types';
import { WIRE_SERVER_OPTIONS, readMessages, writeReplies } from './wire-socket';
import { OP_MSG, encodeOpMsg, encodeOpReply, encodeStoredCursorReply, parseMessage } from './wire';

export interface WireServerOptions {
  engine: Engine;
  cursors: CursorManager;
  logger: EmbeddedLogger;
  info: () => ServerInfo;
}

export class WireServer {
  private readonly tcp: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly inflight = new Set<Promise<unknown>>();
  private nextConnectionId = 1;
  private nextRequestId = 1;
  private readonly opts: WireServerOptions;

  constructor(opts: WireServerOptions) {
    this.opts = opts;
    this.tcp = net.createServer(WIRE_SERVER_OPTIONS, (socket) => this.onConnection(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', reject);
        const addr = this.tcp.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Stop accepting, drop connections, and wait for commands already running. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    // The server counts connections out when it hands their handles over (`wire-socket.ts`), so its
    // close does not wait for them: each socket's own close is awaited instead.
    const socketsClosed = Array.from(this.sockets, (s) =>
      s.closed ? undefined : new Promise<void>((resolve) => s.once('close', () => resolve())),
    );
    for (const s of this.sockets) {
      s.destroy();
    }
    await Promise.allSettled(Array.from(this.inflight));
    await Promise.all([closed, ...socketsClosed]);
  }

  private onConnection(accepted: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    const clientAddress = `${accepted.remoteAddress ?? 'unknown'}:${accepted.remotePort ?? 0}`;
    this.opts.logger.debug({ connectionId, clientAddress }, 'connection accepted');
    const base: BaseContext = {
      engine: this.opts.engine,
      cursors: this.opts.cursors,
      server: this.opts.info(),
      logger: this.opts.logger,
      connectionId,
      clientAddress,
    };
    const queue: Buffer[] = [];
    /** A command of this connection is waiting (for its commit); later messages wait behind it. */
    let waiting = false;
    const replies: Buffer[] = [];

    const send = (): void => {
      if (replies.length === 0 || socket.destroyed) {
        replies.length = 0;
        return;
      }
      writeReplies(socket, replies);
      replies.length = 0;
    };
    const failed = (err: unknown): void => {
      this.opts.logger.error({ err, connectionId }, 'connection handler failed');
      socket.destroy();
    };
    /** Run queued messages in order: synchronously while their commands complete synchronously. */
    const drain = (): void => {
      while (queue.length > 0 && !socket.destroyed) {
        const reply = this.respond(queue.shift() as Buffer, base);
        if (reply instanceof Promise) {
          waiting = true;
          send();
          const done = reply.then((r) => {
            waiting = false;
            if (r) {
              replies.push(r);
            }
            drain();
          }, failed);
          this.inflight.add(done);
          void done.finally(() => this.inflight.delete(done));
          return;
        }
        if (reply) {
          replies.push(reply);
        }
      }
      send();
    };

    const socket = readMessages(accepted, {
      onMessage: (message) => {
        queue.push(message);
      },
      onReadEnd: () => {
        if (!waiting && queue.length > 0) {
          try {
            drain();
          } catch (err) {
            failed(err);
          }
        }
      },
      onInvalidLength: (len) => {
        this.opts.logger.warn({ connectionId, len }, 'invalid message length; closing connection');
      },
    });
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', (err) => this.opts.logger.debug({ err, connectionId }, 'socket error'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.opts.logger.debug({ connectionId }, 'connection closed');
    });
  }

  /** One framed message's encoded reply, or null (moreToCome); a promise while its command waits for its commit. */
  respond(msg: Buffer, base: BaseContext): Buffer | null | Promise<Buffer | null> {
    return respond(msg, base, this.nextRequestId++ & 0x7fffffff);
  }
}

/**
 * The server's request path for one framed message: decode, run the command, encode the reply.
 * Returns null for moreToCome messages, and a promise only while the command waits (for its commit).
 */
export function respond(msg: Buffer, base: BaseContext, requestId: number): Buffer | null | Promise<Buffer | null> {
  const point = scanPointFind(msg);
  const pointReply = point && respondToPointFind(msg, base, requestId, point);
  if (pointReply) {
    return pointReply;
  }
  const responseTo = msg.readInt32LE(4);
  let legacy = msg.readInt32LE(12) !== OP_MSG;
  let moreToCome = false;
  let reply: Document | Promise<Document>;
  try {
    const req = parseMessage(msg);
    legacy = req.legacy;
    moreToCome = req.moreToCome;
    reply = runCommand(base, req.db, req.command);
  } catch (err) {
    reply = errorReply(err);
  }
  if (reply instanceof Promise) {
    return reply.then((r) => (moreToCome ? null : encodeReply(legacy, requestId, responseTo, r)));
  }
  return moreToCome ? null : encodeReply(legacy, requestId, responseTo, reply);
}

/**
 * The reply to a point find read straight from the message (`scanPointFind`), the documents copied
 * from their stored encodings into one buffer; undefined when it cannot run as one (nothing done then:
 * the general path answers).
 */
function respondToPointFind(
  msg: Buffer,
  base: BaseContext,
  requestId: number,
  find: ScannedPointFind,
): Buffer | undefined {
  const responseTo = msg.readInt32LE(4);
  let found: PointFindResult | undefined;
  try {
    found = pointFindCursor(base, find.db, find, find);
  } catch (err) {
    return encodeReply(false, requestId, responseTo, errorReply(err));
  }
  if (!found) {
    return undefined;
  }
  return (
    encodeStoredCursorReply(requestId, responseTo, found.firstBatch, found.id, found.ns) ??
    encodeReply(false, requestId, responseTo, { cursor: pointFindCursorDocument(found), ok: 1 })
  );
}

function encodeReply(legacy: boolean, requestId: number, responseTo: number, reply: Document): Buffer {
  try {
    return legacy ? encodeOpReply(requestId, responseTo, reply) : encodeOpMsg(requestId, responseTo, reply);
  } catch (err) {
    // e.g. a reply larger than the BSON limit: report instead of dropping the connection.
    const fallback = errorReply(err);
    return legacy ? encodeOpReply(requestId, responseTo, fallback) : encodeOpMsg(requestId, responseTo, fallback);
  }
}
