import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';

/**
 * What happened to a user's Twitch connection:
 * - `linked`: connected, reconnected or granted more scopes (the tokens are new);
 * - `revoked`: Twitch no longer accepts the tokens (validation, a failed refresh, or EventSub's
 *   `user.authorization.revoke`); `reason` says which;
 * - `disconnected`: the user is disconnecting Twitch in AuraStream: told before the tokens are
 *   revoked and forgotten, so a listener can still act as the user (delete what it made).
 */
export type TwitchConnectionEvent =
  | { kind: 'linked'; userId: UserId; twitchUserId: string }
  | { kind: 'revoked'; userId: UserId; twitchUserId: string; reason: string }
  | { kind: 'disconnected'; userId: UserId; twitchUserId: string };

export type TwitchConnectionListener = (event: TwitchConnectionEvent) => Promise<void>;

/**
 * Tells the features relying on a Twitch connection (channel points, the realtime notice) what
 * happened to it, in the process where it was noticed. Listeners do their work in MongoDB, Redis
 * or at Twitch, never only in memory, so it does not matter which process that is. One listener's
 * failure is logged and does not keep the others from hearing.
 */
export class TwitchConnectionEvents {
  private readonly listeners: TwitchConnectionListener[] = [];

  constructor(private readonly logger: Logger) {}

  listen(listener: TwitchConnectionListener): void {
    this.listeners.push(listener);
  }

  async emit(event: TwitchConnectionEvent): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.logger.error(
          { err: error, userId: event.userId, kind: event.kind },
          'a Twitch connection listener failed',
        );
      }
    }
  }
}
