import type { Server } from 'socket.io';

/** The socket.io room of a user: every connection of theirs, on any service instance. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/**
 * Pushes an event to every connection of a user. Fire-and-forget: a user who is not connected
 * simply does not get it (they poll the REST endpoints instead).
 */
export interface RealtimePublisher {
  publishToUser(userId: string, event: string, payload: unknown): void;
}

/**
 * Publishes through a socket.io server whose Redis adapter relays the event to every instance, so it
 * works in a worker process whose server listens on nothing.
 */
export class SocketIoRealtimePublisher implements RealtimePublisher {
  constructor(private readonly io: Server) {}

  publishToUser(userId: string, event: string, payload: unknown): void {
    this.io.to(userRoom(userId)).emit(event, payload);
  }
}
