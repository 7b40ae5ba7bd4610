/**
 * What the service and the bot processes exchange through Redis rather than HTTP: the stream of chat
 * messages and announcements the service hands to the bots, and the pub/sub channel on which it says
 * a channel was turned on or off. The service's `REDIS_KEY_PREFIX` goes in front of each name.
 */
import { z } from 'zod';
import { chatReplySchema, chatterSchema } from './schema';

export const chatBotRedisKeys = {
  /** Stream: chat messages from EventSub and announcements, read by the bots' consumer group. */
  inbox: () => 'chatbot:inbox',
  /** Pub/sub channel: a channel was turned on or off (JSON `ChatBotChannelSwitch`). */
  channelSwitch: () => 'chatbot:channel-switch',
} as const;

/** The bots' consumer group on the inbox stream: each entry goes to one bot process. */
export const CHAT_BOT_INBOX_GROUP = 'bots';
/** The inbox keeps about this many entries (XADD MAXLEN ~). */
export const CHAT_BOT_INBOX_MAX_LENGTH = 10_000;

export const chatBotChannelSwitchSchema = z.object({
  twitch_channel_id: z.string(),
  enabled: z.boolean().describe('False: leave the channel now (turned off, Twitch disconnected, token revoked)'),
});
export type ChatBotChannelSwitch = z.infer<typeof chatBotChannelSwitchSchema>;

/** One inbox entry, in the stream's `entry` field as JSON. */
export const chatBotInboxEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    twitch_channel_id: z.string(),
    message_id: z.string(),
    text: z.string(),
    chatter: chatterSchema,
  }),
  z.object({
    kind: z.literal('announcement'),
    twitch_channel_id: z.string(),
    reply: chatReplySchema,
  }),
]);
export type ChatBotInboxEntry = z.infer<typeof chatBotInboxEntrySchema>;
