import type { Logger } from '../shared/logger';
import type { TwitchConnectionEvents } from './connection-events';
import type { PlatformConnectionService } from './platform-connection.service';

/** EventSub's `user.authorization.revoke` (condition: AuraStream's client id). */
export const AUTHORIZATION_REVOKE_SUBSCRIPTION = { type: 'user.authorization.revoke', version: '1' } as const;

/** What a handler answers (the EventSub dispatcher's `EventSubHandling`). */
type Handling = { outcome: 'processed' } | { outcome: 'ignored'; reason: string };

/**
 * A streamer disconnected AuraStream on Twitch: their connection is marked revoked at once (no
 * waiting for the hourly validation) and the features relying on it are told.
 */
export function handleAuthorizationRevoke(deps: {
  connections: PlatformConnectionService;
  events: TwitchConnectionEvents;
  clientId: string;
  logger: Logger;
}) {
  return async (notification: { event: Record<string, unknown> }): Promise<Handling> => {
    const { user_id: twitchUserId, client_id: clientId } = notification.event;
    if (typeof twitchUserId !== 'string' || clientId !== deps.clientId) {
      return { outcome: 'ignored', reason: 'not a revocation of this app' };
    }
    const userId = await deps.connections.userOfPlatformAccount('twitch', twitchUserId);
    if (!userId) {
      return { outcome: 'ignored', reason: 'no AuraStream account has this Twitch account' };
    }
    if (await deps.connections.markRevoked(userId, 'twitch', null, 'authorization_revoked')) {
      deps.logger.warn({ userId }, 'the streamer withdrew AuraStream’s access on Twitch: connection marked revoked');
      await deps.events.emit({ kind: 'revoked', userId, twitchUserId, reason: 'authorization_revoked' });
    }
    return { outcome: 'processed' };
  };
}
