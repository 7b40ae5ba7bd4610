/**
 * TCP front end: frames incoming bytes into wire messages, runs each command and
 * writes the reply. Messages on one connection are handled in order (as mongod
 * does); different connections run concurrently, which is what lets the journal
 * group their commits.
 */
import net from 'node:net';
import { runCommand, type BaseContext } from './commands/index';
import type { ServerInfo } from './commands/context';
import type { CursorManager } from './cursors';
import { errorReply } from './errors';
import type { Engine } from './storage/engine';
import type { Document, EmbeddedLogger } from './types';
import { HEADER_SIZE, MAX_MESSAGE_SIZE, OP_MSG, encodeOpMsg, encodeOpReply, parseMessage, readHeader } from './wire';

export interface WireServerOptions {
  engine: Engine;
  cursors: CursorManager;
  logger: EmbeddedLogger;
  info: () => ServerInfo;
}

export class WireServer {
  private readonly tcp: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly inflight = new Set<Promise<void>>();
  private nextConnectionId = 1;
  private nextRequestId = 1;
  private readonly opts: WireServerOptions;

  constructor(opts: WireServerOptions) {
    this.opts = opts;
    this.tcp = net.createServer((socket) => this.onConnection(socket));
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
    for (const s of this.sockets) {
      s.destroy();
    }
    await Promise.allSettled(Array.from(this.inflight));
    await closed;
  }

  private onConnection(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const clientAddress = `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;
    this.opts.logger.debug({ connectionId, clientAddress }, 'connection accepted');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const queue: Buffer[] = [];
    let processing = false;

    const base = (): BaseContext => ({
      engine: this.opts.engine,
      cursors: this.opts.cursors,
      server: this.opts.info(),
      logger: this.opts.logger,
      connectionId,
      clientAddress,
    });

    const processQueue = async (): Promise<void> => {
      processing = true;
      try {
        while (queue.length > 0 && !socket.destroyed) {
          const msg = queue.shift() as Buffer;
          const reply = await this.handle(msg, base);
          if (reply && !socket.destroyed) {
            socket.write(reply);
          }
        }
      } finally {
        processing = false;
      }
    };

    socket.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      let buf = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
      let offset = 0;
      while (buf.length - offset >= 4) {
        const len = buf.readInt32LE(offset);
        if (len < HEADER_SIZE || len > MAX_MESSAGE_SIZE) {
          this.opts.logger.warn({ connectionId, len }, 'invalid message length; closing connection');
          socket.destroy();
          return;
        }
        if (buf.length - offset < len) {
          break;
        }
        queue.push(buf.subarray(offset, offset + len));
        offset += len;
      }
      buf = buf.subarray(offset);
      pending = buf.length ? [buf] : [];
      pendingBytes = buf.length;
      if (!processing && queue.length > 0) {
        const p = processQueue().catch((err: unknown) => {
          this.opts.logger.error({ err, connectionId }, 'connection handler failed');
          socket.destroy();
        });
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
      }
    });
    socket.on('error', (err) => this.opts.logger.debug({ err, connectionId }, 'socket error'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.opts.logger.debug({ connectionId }, 'connection closed');
    });
  }

  /** Handle one framed message; returns the encoded reply or null (moreToCome). */
  private async handle(msg: Buffer, base: () => BaseContext): Promise<Buffer | null> {
    const header = readHeader(msg);
    let legacy = header.opCode !== OP_MSG;
    let reply: Document;
    let moreToCome = false;
    try {
      const req = parseMessage(msg);
      legacy = req.legacy;
      moreToCome = req.moreToCome;
      reply = await runCommand(base(), req.db, req.command);
    } catch (err) {
      reply = errorReply(err);
    }
    if (moreToCome) {
      return null;
    }
    const requestId = this.nextRequestId++ & 0x7fffffff;
    try {
      return legacy
        ? encodeOpReply(requestId, header.requestId, reply)
        : encodeOpMsg(requestId, header.requestId, reply);
    } catch (err) {
      // e.g. a reply larger than the BSON limit: report instead of dropping the connection.
      const fallback = errorReply(err);
      return legacy
        ? encodeOpReply(requestId, header.requestId, fallback)
        : encodeOpMsg(requestId, header.requestId, fallback);
    }
  }
}
