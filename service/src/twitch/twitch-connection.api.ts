import type { TwitchConnectionResponse } from '@aurastream/contract';
import type { Actor } from '../auth/principal';
import { NotFoundError } from '../shared/errors';
import type { TwitchConnectionEvents } from './connection-events';
import type { PlatformConnectionService } from './platform-connection.service';

/** The streamer's Twitch connection, as Settings shows and ends it. */
export interface TwitchConnectionApi {
  get(principal: Actor): Promise<TwitchConnectionResponse>;
  /** Features stop (told first), then the grant is revoked at Twitch and the tokens forgotten. */
  disconnect(principal: Actor): Promise<void>;
}

export function createTwitchConnectionApi(deps: {
  connections: PlatformConnectionService;
  events: TwitchConnectionEvents;
  simulated: boolean;
  forgetContext: (userId: Actor['id']) => Promise<void>;
}): TwitchConnectionApi {
  return {
    async get(principal) {
      const view = await deps.connections.view(principal.id, 'twitch');
      return {
        connected: view !== null,
        status: view?.status ?? null,
        status_reason: view?.statusReason ?? null,
        channel_id: view?.platformUserId ?? null,
        channel_login: view?.login ?? null,
        channel_name: view?.displayName ?? null,
        granted_scopes: view?.scopes ?? [],
        validated_at: view?.validatedAt?.toISOString() ?? null,
        connected_at: view?.connectedAt.toISOString() ?? null,
        simulated: deps.simulated,
      };
    },
    async disconnect(principal) {
      const view = await deps.connections.view(principal.id, 'twitch');
      if (!view) {
        throw new NotFoundError('The Twitch connection', 'twitch_not_connected');
      }
      await deps.events.emit({ kind: 'disconnected', userId: principal.id, twitchUserId: view.platformUserId });
      await deps.connections.disconnect(principal.id, 'twitch');
      await deps.forgetContext(principal.id);
    },
  };
}
