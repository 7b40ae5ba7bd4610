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
