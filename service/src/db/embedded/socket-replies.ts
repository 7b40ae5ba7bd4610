/**
 * How the wire server writes replies (shared with the benchmark's canned-reply server, so that its
 * floor handles sockets exactly as the server does).
 */
import type net from 'node:net';

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
