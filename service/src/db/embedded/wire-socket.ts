/**
 * How the wire server reads messages from a connection and writes its replies (shared with the
 * benchmark's canned-reply server, so that its floor handles sockets exactly as the server does).
 *
 * Reads: a socket's 'data' events cost, per read, a fresh 64 KiB allocation shrunk to the bytes read,
 * an ArrayBuffer for it, and the stream machinery around the event (about 5 µs of CPU per message
 * here). Node's `onread` option reads every chunk into one buffer instead and hands it to a callback,
 * but only a socket built around a connection's handle takes it, and net.Server builds its sockets
 * itself: `readMessages` re-wraps the handle of a connection the server accepted paused. Where that
 * is not possible (a Node whose sockets are built otherwise) it reads 'data' events, the same bytes.
 */
import net from 'node:net';
import { HEADER_SIZE, MAX_MESSAGE_SIZE } from './wire';

/** Bytes one read can take; a message longer than this arrives over several reads. */
const READ_BUFFER_BYTES = 64 * 1024;

/** The server options `readMessages` needs: a connection is not read until it takes it over. */
export const WIRE_SERVER_OPTIONS: net.ServerOpts = { pauseOnConnect: true };

/** What `readMessages` asks of its caller. */
export interface MessageHandler {
  /** One whole message; its bytes belong to the caller (not reused by later reads). */
  onMessage(message: Buffer): void;
  /** The messages of one read have all been handed over. */
  onReadEnd(): void;
  /** A length no message may have: the connection is destroyed after this. */
  onInvalidLength(length: number): void;
}

/**
 * Reads the messages of a connection accepted by a server made with `WIRE_SERVER_OPTIONS`, framing
 * them by their length prefix; answers the socket to write to and to listen on ('close', 'error').
 */
export function readMessages(accepted: net.Socket, handler: MessageHandler): net.Socket {
  const framer = new MessageFramer(handler);
  const taken = takeOverReads(accepted, (chunk) => framer.push(chunk));
  if (taken) {
    framer.socket = taken;
    return taken;
  }
  framer.socket = accepted;
  accepted.on('data', (chunk: Buffer) => framer.push(chunk));
  accepted.resume();
  return accepted;
}

/** Splits a connection's bytes into messages, a message split over reads kept until it is whole. */
class MessageFramer {
  socket: net.Socket | undefined;
  private pending: Buffer | undefined;

  constructor(private readonly handler: MessageHandler) {}

  push(chunk: Buffer): void {
    const buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    while (buffer.length - offset >= 4) {
      const length = buffer.readInt32LE(offset);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        this.pending = undefined;
        this.handler.onInvalidLength(length);
        this.socket?.destroy();
        return;
      }
      if (buffer.length - offset < length) {
        break;
      }
      // A read holding one whole message (the usual case) is handed over as it is.
      this.handler.onMessage(length === buffer.length ? buffer : buffer.subarray(offset, offset + length));
      offset += length;
    }
    this.pending = offset < buffer.length ? buffer.subarray(offset) : undefined;
    this.handler.onReadEnd();
  }
}

/** A socket's private handle, as net.Server gives it to the sockets it builds. */
interface WithHandle {
  _handle: object | null;
}

/**
 * A socket around `accepted`'s handle that reads into one reused buffer, each read's bytes copied out
 * for `onChunk` (a copy the size of the read: messages may be kept past the read, behind a command
 * waiting for its commit); undefined, with `accepted` untouched, when the handle cannot be taken.
 */
function takeOverReads(accepted: net.Socket, onChunk: (chunk: Buffer) => void): net.Socket | undefined {
  const handle = (accepted as unknown as WithHandle)._handle;
  if (handle === null || typeof handle !== 'object' || accepted.readableFlowing !== false) {
    return undefined;
  }
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const options = {
    handle,
    readable: true,
    writable: true,
    onread: {
      buffer,
      callback: (bytes: number): void => {
        const chunk = Buffer.allocUnsafe(bytes);
        buffer.copy(chunk, 0, 0, bytes);
        onChunk(chunk);
      },
    },
  };
  const socket = new net.Socket(options);
  // The accepted socket lets go of the handle, and closing it counts the connection out of the
  // server (which otherwise would wait for it on close); the new socket closes the handle.
  (accepted as unknown as WithHandle)._handle = null;
  accepted.destroy();
  return socket;
}

/** Writes the replies ready at once: one write each, several (pipelined requests) corked into one. */
export function writeReplies(socket: net.Socket, replies: readonly Buffer[]): void {
  const several = replies.length > 1;
  if (several) {
    socket.cork();
  }
  for (const reply of replies) {
    socket.write(reply);
  }
  if (several) {
    socket.uncork();
  }
}
