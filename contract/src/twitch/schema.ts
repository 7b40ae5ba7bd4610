/**
 * The streamer's Twitch connection (Settings), Twitch's EventSub callback, and the named scope
 * sets a streamer grants when turning a feature on (incremental consent: sign-in asks only for
 * the e-mail).
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { isoDateTimeSchema } from '../core/common';
import { CHANNEL_POINTS_SCOPES } from '../channel-points/schema';
import { CHAT_BOT_STREAMER_SCOPES } from '../chat-bot/settings';

/** What signing in with Twitch asks for: the e-mail address, nothing more. */
export const TWITCH_SIGN_IN_SCOPES = ['user:read:email'] as const;

/** The scopes each feature asks for when the streamer turns it on, by name. */
export const TWITCH_SCOPE_SETS = {
  channel_points: CHANNEL_POINTS_SCOPES,
  chat_bot: CHAT_BOT_STREAMER_SCOPES,
} as const;
export const twitchScopeSetSchema = z.enum(['channel_points', 'chat_bot']).meta({ id: 'TwitchScopeSet' });
export type TwitchScopeSet = z.infer<typeof twitchScopeSetSchema>;

/** What a Twitch scope lets AuraStream do, in the streamer's words (Settings shows it). */
export const TWITCH_SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'user:read:email': 'See your e-mail address (to sign you in)',
  'channel:read:redemptions': 'See your channel-point rewards and who redeemed them',
  'channel:manage:redemptions': 'Create the AuraStream reward, refund or complete its redemptions',
  'chat:read': 'Read your chat',
  'chat:edit': 'Send chat messages',
  'channel:bot': 'Let the AuraStream bot speak in your chat',
  'user:read:chat': 'Read your chat through Twitch’s EventSub (the bot, without its own account)',
  'user:write:chat': 'Send chat messages as you (the bot, without its own account)',
  'user:bot': 'Appear in chat as a bot',
};

/**
 * - `active`: Twitch accepts the tokens;
 * - `revoked`: Twitch no longer accepts them (the streamer disconnected AuraStream on Twitch, or a
 *   refresh failed): connect again.
 */
export const twitchConnectionStatusSchema = z.enum(['active', 'revoked']).meta({ id: 'TwitchConnectionStatus' });
export type TwitchConnectionStatus = z.infer<typeof twitchConnectionStatusSchema>;

export const twitchConnectionSchema = z
  .object({
    connected: z.boolean(),
    status: twitchConnectionStatusSchema.nullable().describe('null when not connected'),
    status_reason: z.string().nullable().describe('Why the connection was marked revoked'),
    channel_id: z.string().nullable().describe("The Twitch channel's id (the panel extension needs it)"),
    channel_login: z.string().nullable(),
    channel_name: z.string().nullable(),
    granted_scopes: z.array(z.string()),
    validated_at: isoDateTimeSchema.nullable().describe('When Twitch last confirmed the token'),
    connected_at: isoDateTimeSchema.nullable(),
    simulated: z.boolean().describe('The simulated Twitch of development, not twitch.tv'),
  })
  .meta({ id: 'TwitchConnection' });
export type TwitchConnectionResponse = z.infer<typeof twitchConnectionSchema>;

/** An EventSub webhook message (Twitch's shape); only the fields AuraStream reads are checked. */
export const eventSubMessageSchema = z
  .object({
    challenge: z.string().max(1000).optional(),
    subscription: z
      .object({
        id: z.string(),
        type: z.string(),
        version: z.string(),
        status: z.string(),
        condition: z.record(z.string(), z.unknown()),
        created_at: z.string().optional(),
      })
      .loose(),
    event: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .meta({ id: 'EventSubMessage' });
export type EventSubMessage = z.infer<typeof eventSubMessageSchema>;

export const twitchConnectionEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/v1/twitch/connection',
    tag: 'Twitch connection',
    summary: 'The Twitch connection: state, channel, granted scopes',
    auth: 'user',
    response: twitchConnectionSchema,
  }),
  disconnect: defineEndpoint({
    method: 'DELETE',
    path: '/api/v1/twitch/connection',
    tag: 'Twitch connection',
    summary: 'Disconnect Twitch: revoke the tokens at Twitch and forget them',
    description:
      'Turns the channel-point reward off (its EventSub subscriptions are deleted; the reward stays on Twitch, which AuraStream can no longer change). An account created with Twitch keeps signing in with a password or Twitch again.',
    auth: 'user',
    status: 204,
    errors: [404],
  }),
  eventSub: defineEndpoint({
    method: 'POST',
    path: '/api/v1/twitch/eventsub',
    tag: 'Twitch connection',
    summary: "Twitch's EventSub webhook callback",
    description:
      'Verified by the signature over the raw body and the 10-minute timestamp window. A `webhook_callback_verification` is answered with the challenge as text/plain; a notification or revocation is stored and handed to a job, then answered 204 (a message id already received is answered 204 and not processed again).',
    auth: 'twitch-eventsub',
    body: eventSubMessageSchema,
    status: 204,
    responseKind: 'empty',
  }),
};
