import { z } from 'zod';

/** socket.io events about the connection itself. */
export const realtimeConnectionEvents = {
  /** Sent just before the service closes a connection whose credentials no longer hold. */
  ended: 'connection.ended',
} as const;

export const connectionEndedEventSchema = z
  .object({
    code: z
      .string()
      .describe(
        '`token_expired` (the access token expired), `session_revoked` (logout, password change or reset, a reused refresh token, account deletion), `invalid_token`, …',
      ),
    message: z.string(),
    reconnect: z
      .boolean()
      .describe('true: get a fresh access token (refresh) and connect again; false: the session is over'),
  })
  .meta({ id: 'ConnectionEnded' });
export type ConnectionEndedEvent = z.infer<typeof connectionEndedEventSchema>;

/** socket.io events about the streamer's Twitch connection and channel-point reward. */
export const realtimeTwitchEvents = {
  /** The connection's status changed (Twitch no longer accepts the tokens: `status: 'revoked'`). */
  connection: 'twitch.connection',
  /** The reward's state changed outside the streamer's request (a revocation, a reconnect). */
  channelPoints: 'channel_points.state',
} as const;

export const twitchConnectionEventSchema = z
  .object({
    status: z.enum(['active', 'revoked', 'disconnected']),
    reason: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'TwitchConnectionEvent' });
export type TwitchConnectionEvent = z.infer<typeof twitchConnectionEventSchema>;
