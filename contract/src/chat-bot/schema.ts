/**
 * The chat bot: AuraStream in a channel's Twitch chat. Streamers turn it on and tune it from the
 * dashboard; an administrator connects the bot's own Twitch account; the bot process (`bot/`) calls
 * the `service` endpoints with its service credential. Every rule (who may do what, quotas,
 * cooldowns, moderation) is the service's: the bot relays chat and the service's answers.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { errorBodySchema, isoDateTimeSchema } from '../core/common';
import { twitchChannelIdSchema } from '../extension/schema';
import { viewerRoleSchema } from '../ideas/schema';
import {
  CHAT_MESSAGE_MAX_LENGTH,
  chatBadgesSchema,
  chatBotCommandSchema,
  chatBotSettingsSchema,
  updateChatBotSettingsBodySchema,
} from './settings';

export * from './settings';

/** How chat reaches the bot: EventSub with Helix replies (a public HTTPS URL), or IRC. */
export const chatTransportSchema = z
  .enum(['eventsub', 'irc'])
  .describe(
    '`eventsub`: `channel.chat.message` to the webhook, replies through Helix as the app (chat-bot badge); `irc`: Twitch chat over IRC, needing no inbound URL',
  )
  .meta({ id: 'ChatTransport' });
export type ChatTransport = z.infer<typeof chatTransportSchema>;

/** Who the bot speaks as: its own account, or the streamer when no bot account is connected. */
export const chatBotSpeakerSchema = z.enum(['bot_account', 'streamer']).meta({ id: 'ChatBotSpeaker' });
export type ChatBotSpeaker = z.infer<typeof chatBotSpeakerSchema>;

/**
 * The channel as the bot sees it:
 * - `off`: the streamer has the bot off;
 * - `needs_twitch`: no Twitch channel connected;
 * - `needs_consent`: Twitch scopes the bot needs are missing (`missing_scopes`);
 * - `revoked`: Twitch no longer accepts the streamer's or the bot's token;
 * - `active`: served.
 */
export const chatBotChannelStateSchema = z
  .enum(['off', 'needs_twitch', 'needs_consent', 'revoked', 'active'])
  .meta({ id: 'ChatBotChannelState' });
export type ChatBotChannelState = z.infer<typeof chatBotChannelStateSchema>;

/** The bot's Twitch account, as an administrator connected it. */
export const chatBotAccountSchema = z
  .object({
    connected: z.boolean(),
    user_id: z.string().nullable(),
    login: z.string().nullable(),
    display_name: z.string().nullable(),
    status: z.enum(['active', 'revoked']).nullable().describe('Null when no account is connected'),
    status_reason: z.string().nullable(),
    scopes: z.array(z.string()),
    connected_at: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'ChatBotAccount' });
export type ChatBotAccountResponse = z.infer<typeof chatBotAccountSchema>;

export const chatBotStatusSchema = z
  .object({
    settings: chatBotSettingsSchema,
    channel: z.object({
      twitch_channel_id: z.string().nullable(),
      login: z.string().nullable(),
      state: chatBotChannelStateSchema,
      state_reason: z.string().nullable(),
      missing_scopes: z.array(z.string()),
    }),
    speaks_as: chatBotSpeakerSchema,
    identity: z.object({
      login: z.string().nullable().describe('The account the bot speaks as in chat'),
      display_name: z.string().nullable(),
    }),
    transport: chatTransportSchema,
    last_seen_at: isoDateTimeSchema
      .nullable()
      .describe('When a bot process last held this channel (null: no bot process serves it yet)'),
    simulated_chat: z.boolean().describe('The simulated Twitch runs: the dashboard may send test chat messages'),
  })
  .meta({ id: 'ChatBotStatus' });
export type ChatBotStatusResponse = z.infer<typeof chatBotStatusSchema>;

/** A chatter as the bot read them from the message's tags. */
export const chatterSchema = z
  .object({
    user_id: twitchChannelIdSchema.describe("The chatter's Twitch user id"),
    login: z.string().max(25),
    display_name: z.string().max(100),
    badges: chatBadgesSchema,
  })
  .meta({ id: 'Chatter' });
export type Chatter = z.infer<typeof chatterSchema>;

/** A chat message the bot heard in a channel it serves. */
export const chatCommandBodySchema = z
  .object({
    twitch_channel_id: twitchChannelIdSchema,
    message_id: z.string().min(1).max(100).describe("Twitch's message id, which replies thread to"),
    text: z.string().max(CHAT_MESSAGE_MAX_LENGTH),
    chatter: chatterSchema,
  })
  .meta({ id: 'ChatCommandRequest' });
export type ChatCommandBody = z.infer<typeof chatCommandBodySchema>;

/**
 * How useful a reply is, so the reply queue knows what to merge or drop under Twitch's limits:
 * `ack` (a repeated "queued" acknowledgement: merged, dropped first), `answer`, `announcement`.
 */
export const chatReplyKindSchema = z.enum(['ack', 'answer', 'announcement']).meta({ id: 'ChatReplyKind' });
export type ChatReplyKind = z.infer<typeof chatReplyKindSchema>;

export const chatReplySchema = z
  .object({
    text: z.string().max(CHAT_MESSAGE_MAX_LENGTH),
    reply_to_message_id: z.string().nullable().describe('Sent as `reply-parent-msg-id` (threads to the command)'),
    kind: chatReplyKindSchema,
  })
  .meta({ id: 'ChatReply' });
export type ChatReply = z.infer<typeof chatReplySchema>;

export const chatCommandResultSchema = z
  .object({
    command: chatBotCommandSchema.nullable().describe('Null when the message is not a command'),
    outcome: z
      .enum(['done', 'not_command', 'hint', 'refused', 'cooldown', 'disabled'])
      .describe('`hint`: unknown command or bad arguments; `refused`: the role or a rule said no'),
    replies: z.array(chatReplySchema),
  })
  .meta({ id: 'ChatCommandResult' });
export type ChatCommandResultResponse = z.infer<typeof chatCommandResultSchema>;

/** Most chat messages the bot relays in one request (`commands/batch`). */
export const CHAT_COMMAND_BATCH_MAX = 50;

export const chatCommandBatchBodySchema = z
  .object({
    messages: z
      .array(chatCommandBodySchema)
      .min(1)
      .max(CHAT_COMMAND_BATCH_MAX)
      .describe('In the order heard: the messages of one channel run one after the other, in this order'),
  })
  .meta({ id: 'ChatCommandBatchRequest' });
export type ChatCommandBatchBody = z.infer<typeof chatCommandBatchBodySchema>;

/** Each message's answer: its result, or the refusal `commands` would have answered for it alone (4xx). */
export const chatCommandBatchItemSchema = z
  .union([
    z.object({ result: chatCommandResultSchema }),
    z.object({ status: z.number().int().min(400).max(499), error: errorBodySchema.shape.error }),
  ])
  .meta({ id: 'ChatCommandBatchItem' });
export type ChatCommandBatchItem = z.infer<typeof chatCommandBatchItemSchema>;

export const chatCommandBatchResultSchema = z
  .object({ results: z.array(chatCommandBatchItemSchema).describe('One per message, in the order sent') })
  .meta({ id: 'ChatCommandBatchResult' });
export type ChatCommandBatchResultResponse = z.infer<typeof chatCommandBatchResultSchema>;

/** A channel the bot serves. */
export const botChannelSchema = z
  .object({
    twitch_channel_id: z.string(),
    login: z.string(),
    speaks_as: chatBotSpeakerSchema,
    prefix: z.string().describe('So the bot can tell a command apart from chat (the service still reads it)'),
    aliases: z.array(z.string()).describe('The alias words that start a command on their own'),
    sender_is_moderator: z
      .boolean()
      .describe("Who speaks is the broadcaster or one of the channel's moderators: Twitch's higher chat limits apply"),
  })
  .meta({ id: 'BotChannel' });
export type BotChannelResponse = z.infer<typeof botChannelSchema>;

export const botChannelListSchema = z
  .object({ channels: z.array(botChannelSchema), transport: chatTransportSchema })
  .meta({ id: 'BotChannelList' });

/** The bot account's tokens, for the process that is that account in IRC chat. */
export const botIdentitySchema = z
  .object({
    transport: chatTransportSchema,
    account: z
      .object({
        user_id: z.string(),
        login: z.string(),
        access_token: z.string(),
        refresh_token: z.string().nullable(),
        expires_at: isoDateTimeSchema.nullable(),
        scopes: z.array(z.string()),
      })
      .nullable()
      .describe(
        'Null without a bot account: the bot reads chat as a guest and speaks as each streamer, through the service',
      ),
  })
  .meta({ id: 'BotIdentity' });
export type BotIdentityResponse = z.infer<typeof botIdentitySchema>;

export const botTokensBodySchema = z
  .object({
    user_id: z.string(),
    access_token: z.string().min(1).max(500),
    refresh_token: z.string().max(500).nullable(),
    expires_at: isoDateTimeSchema.nullable(),
    scopes: z.array(z.string().max(100)).max(50),
  })
  .meta({ id: 'BotTokensRequest' });
export type BotTokensBody = z.infer<typeof botTokensBodySchema>;

export const botIdentityProblemBodySchema = z
  .object({ reason: z.string().max(300) })
  .meta({ id: 'BotIdentityProblemRequest' });

export const sendChatReplyBodySchema = z
  .object({ twitch_channel_id: twitchChannelIdSchema, reply: chatReplySchema })
  .meta({ id: 'SendChatReplyRequest' });
export type SendChatReplyBody = z.infer<typeof sendChatReplyBodySchema>;

export const sentChatReplySchema = z
  .object({
    is_sent: z.boolean(),
    drop_reason: z.object({ code: z.string(), message: z.string() }).nullable(),
    message_id: z.string().nullable(),
  })
  .meta({ id: 'SentChatReply' });

export const botPresenceBodySchema = z
  .object({ twitch_channel_ids: z.array(twitchChannelIdSchema).max(10_000) })
  .meta({ id: 'BotPresenceRequest' });

/** A test message from the dashboard's simulated-chat box. */
export const simulatedChatBodySchema = z
  .object({
    text: z.string().trim().min(1, 'say something').max(CHAT_MESSAGE_MAX_LENGTH),
    role: viewerRoleSchema.default('viewer').describe('Who says it: a fake viewer with this role'),
  })
  .meta({ id: 'SimulatedChatRequest' });
export type SimulatedChatBody = z.infer<typeof simulatedChatBodySchema>;

export const simulatedChatLogSchema = z
  .object({
    messages: z.array(
      z.object({
        id: z.string(),
        login: z.string(),
        display_name: z.string(),
        text: z.string(),
        at: isoDateTimeSchema,
        from_bot: z.boolean(),
        reply_to_message_id: z.string().nullable(),
        dropped: z.string().nullable().describe("Twitch's reason when the message was dropped"),
      }),
    ),
  })
  .meta({ id: 'SimulatedChatLog' });
export type SimulatedChatLogResponse = z.infer<typeof simulatedChatLogSchema>;

const tag = 'Chat bot';
const botTag = 'Chat bot (service)';

export const chatBotEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/v1/chat-bot',
    tag,
    summary: 'Your chat bot: settings, channel state, who it speaks as, the transport',
    auth: 'user',
    response: chatBotStatusSchema,
  }),
  updateSettings: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/chat-bot/settings',
    tag,
    summary: 'Turn the bot on or off, change its prefix, commands and aliases',
    description:
      'Only the fields sent change. Bot processes hear the switch at once (Redis pub/sub) and join or leave the channel without a restart. Turning it on may leave the channel `needs_consent`: connect Twitch again for the scopes listed.',
    auth: 'user',
    body: updateChatBotSettingsBodySchema,
    response: chatBotStatusSchema,
  }),
  sendSimulatedChat: defineEndpoint({
    method: 'POST',
    path: '/api/v1/chat-bot/simulated-chat',
    tag,
    summary: 'Say something in your channel’s chat on the simulated Twitch, as a fake viewer',
    description: '404 `simulated_chat_unavailable` unless the simulated Twitch of development runs.',
    auth: 'user',
    body: simulatedChatBodySchema,
    response: z.object({ message_id: z.string() }),
    status: 202,
    errors: [404, 409],
  }),
  simulatedChatLog: defineEndpoint({
    method: 'GET',
    path: '/api/v1/chat-bot/simulated-chat',
    tag,
    summary: 'Your channel’s recent chat on the simulated Twitch, the bot’s replies included',
    auth: 'user',
    response: simulatedChatLogSchema,
    errors: [404, 409],
  }),
};

export const chatBotAdminEndpoints = {
  connectAccount: defineEndpoint({
    method: 'POST',
    path: '/api/v1/admin/chat-bot/account/authorize',
    tag: 'Admin',
    summary: 'Start connecting the bot’s own Twitch account: the Twitch consent page to send the browser to',
    description:
      'Asks the bot account for `user:read:chat`, `user:write:chat`, `user:bot` (EventSub chat, Helix replies with the chat-bot badge) and `chat:read`, `chat:edit` (IRC), with `force_verify` so the administrator picks the bot account rather than their own.',
    auth: 'admin',
    response: z.object({ authorization_url: z.url() }).meta({ id: 'ChatBotAccountAuthorization' }),
    errors: [503],
  }),
  accountCallback: defineEndpoint({
    method: 'GET',
    path: '/api/v1/chat-bot/account/callback',
    tag: 'Admin',
    summary: 'Where Twitch sends the administrator back after connecting the bot account',
    description:
      'Redirects to the dashboard’s bot page with `bot_account=connected`, or `bot_account=error` and a `message`. The one-time `state` binds the consent to the administrator who started it.',
    auth: 'none',
    query: z.object({
      code: z.string().max(512).optional(),
      state: z.string().max(256).optional(),
      scope: z.string().max(2048).optional(),
      error: z.string().max(256).optional(),
      error_description: z.string().max(1024).optional(),
    }),
    status: 302,
    responseKind: 'redirect',
  }),
  getAccount: defineEndpoint({
    method: 'GET',
    path: '/api/v1/admin/chat-bot/account',
    tag: 'Admin',
    summary: 'The bot’s Twitch account',
    auth: 'admin',
    response: chatBotAccountSchema,
  }),
  disconnectAccount: defineEndpoint({
    method: 'DELETE',
    path: '/api/v1/admin/chat-bot/account',
    tag: 'Admin',
    summary: 'Disconnect the bot’s Twitch account (its tokens are revoked); the bot then speaks as each streamer',
    auth: 'admin',
    response: chatBotAccountSchema,
  }),
};

export const chatBotServiceEndpoints = {
  identity: defineEndpoint({
    method: 'GET',
    path: '/api/v1/bot/identity',
    tag: botTag,
    summary: 'The transport to use, and the bot account’s tokens for IRC',
    auth: 'service',
    response: botIdentitySchema,
  }),
  saveTokens: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/bot/identity/tokens',
    tag: botTag,
    summary: 'Store the bot account’s refreshed tokens (encrypted)',
    auth: 'service',
    body: botTokensBodySchema,
    status: 204,
    errors: [409],
  }),
  reportIdentityRevoked: defineEndpoint({
    method: 'POST',
    path: '/api/v1/bot/identity/revoked',
    tag: botTag,
    summary: 'Twitch refused the bot account’s token: mark it revoked, so the dashboards say so',
    auth: 'service',
    body: botIdentityProblemBodySchema,
    status: 204,
  }),
  channels: defineEndpoint({
    method: 'GET',
    path: '/api/v1/bot/channels',
    tag: botTag,
    summary: 'Every channel the bot serves now (the bot hears changes on Redis pub/sub too)',
    auth: 'service',
    response: botChannelListSchema,
  }),
  presence: defineEndpoint({
    method: 'POST',
    path: '/api/v1/bot/presence',
    tag: botTag,
    summary: 'The channels this bot process holds now (the dashboard shows when the bot was last seen)',
    auth: 'service',
    body: botPresenceBodySchema,
    status: 204,
  }),
  command: defineEndpoint({
    method: 'POST',
    path: '/api/v1/bot/commands',
    tag: botTag,
    summary: 'A chat message in a channel the bot serves: run it if it is a command, and answer the replies',
    description:
      'Parses the channel’s prefix and aliases, checks the command’s switch, minimum role (from the badges) and cooldowns, runs it and answers what to say. Never answers an error for a bad command: a hint reply instead. 403 `service_channel_forbidden` for a channel the credential may not act for.',
    auth: 'service',
    body: chatCommandBodySchema,
    response: chatCommandResultSchema,
    errors: [403],
  }),
  commandBatch: defineEndpoint({
    method: 'POST',
    path: '/api/v1/bot/commands/batch',
    tag: botTag,
    summary: 'Several chat messages at once (a burst across channels): each run as `commands` runs it',
    description:
      'One request for the messages a bot process heard together, so a burst costs one request rather than one per message. Each answer is the result `commands` would give, or its refusal (such as 403 `service_channel_forbidden`) in place; a failure of the service itself fails the request.',
    auth: 'service',
    body: chatCommandBatchBodySchema,
    response: chatCommandBatchResultSchema,
  }),
  sendReply: defineEndpoint({
    method: 'POST',
    path: '/api/v1/bot/replies',
    tag: botTag,
    summary: 'Send a reply through Helix “Send Chat Message”: as the app (chat-bot badge), or as the streamer',
    description: "Answers Twitch's `is_sent` and drop reason. The bot never holds a streamer's token.",
    auth: 'service',
    body: sendChatReplyBodySchema,
    response: sentChatReplySchema,
    errors: [403, 409],
  }),
};
