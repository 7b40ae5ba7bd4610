/**
 * A channel's chat bot settings: the switch, the prefix, each command's toggle, minimum role and
 * cooldowns, and aliases such as `!idea`. The service enforces them; the dashboard edits them.
 */
import { z } from 'zod';
import { isoDateTimeSchema } from '../core/common';
import { viewerRoleSchema } from '../ideas/schema';

/** Every chat command, in the order `!aura help` lists them. */
export const CHAT_BOT_COMMANDS = [
  'idea',
  'vote',
  'top',
  'approve',
  'reject',
  'make',
  'coach',
  'go',
  'status',
  'help',
] as const;
export const chatBotCommandSchema = z.enum(CHAT_BOT_COMMANDS).meta({ id: 'ChatBotCommand' });
export type ChatBotCommand = z.infer<typeof chatBotCommandSchema>;

/** What each command does and how to call it, as `!aura help` and the dashboard show it. */
export const CHAT_BOT_COMMAND_USAGE: Readonly<Record<ChatBotCommand, { args: string; summary: string }>> = {
  idea: { args: '<text>', summary: 'suggest an idea' },
  vote: { args: '<n>', summary: 'vote for idea #n' },
  top: { args: '', summary: 'the three most-voted ideas' },
  approve: { args: '<n> [prompt]', summary: 'approve idea #n' },
  reject: { args: '<n> [reason]', summary: 'reject idea #n' },
  make: { args: '<type> <prompt>', summary: 'make an asset now' },
  coach: { args: '<idea>', summary: 'the Prompt Coach’s prompt for an idea' },
  go: { args: '', summary: 'make the coach’s last prompt' },
  status: { args: '', summary: 'what the bot is up to' },
  help: { args: '', summary: 'the commands you may use' },
};

/**
 * What a streamer grants when turning the bot on: `channel:bot` lets the bot's account speak in
 * their chat with the app's chat-bot badge; without a bot account the bot reads (EventSub) and
 * speaks as the streamer, which takes `user:read:chat` and `user:write:chat`.
 */
export const CHAT_BOT_STREAMER_SCOPES = ['channel:bot', 'user:read:chat', 'user:write:chat'] as const;
/** What the bot's own account grants: chat through EventSub and Helix, and IRC. */
export const CHAT_BOT_ACCOUNT_SCOPES = [
  'user:read:chat',
  'user:write:chat',
  'user:bot',
  'chat:read',
  'chat:edit',
] as const;

/** The prefix every command starts with unless the channel sets another. */
export const DEFAULT_CHAT_BOT_PREFIX = '!aura';
export const CHAT_BOT_PREFIX_MAX_LENGTH = 20;
export const CHAT_BOT_ALIASES_MAX = 20;
/** Longest cooldown a command may have (an hour). */
export const CHAT_BOT_COOLDOWN_MAX_SECONDS = 3600;
/** Twitch's limit on one chat message. */
export const CHAT_MESSAGE_MAX_LENGTH = 500;
/** `!aura coach` answers in one message this long at most (room for the `@viewer` it threads to). */
export const CHAT_BOT_COACH_REPLY_MAX_LENGTH = 450;

/**
 * The lowest role a command accepts, read from the chatter's badges: `viewer` is everyone.
 */
export const chatBotMinRoleSchema = viewerRoleSchema.describe('`viewer`: everyone');

const cooldownSchema = z.number().int().min(0).max(CHAT_BOT_COOLDOWN_MAX_SECONDS);

export const chatBotCommandSettingsSchema = z
  .object({
    enabled: z.boolean(),
    min_role: chatBotMinRoleSchema,
    cooldown_seconds: cooldownSchema.describe('Between two uses of the command by anyone in the channel'),
    user_cooldown_seconds: cooldownSchema.describe('Between two uses of the command by the same chatter'),
  })
  .meta({ id: 'ChatBotCommandSettings' });
export type ChatBotCommandSettings = z.infer<typeof chatBotCommandSettingsSchema>;

const moderatorOnly = { enabled: true, min_role: 'moderator', cooldown_seconds: 0, user_cooldown_seconds: 0 } as const;
const everyone = (userCooldown: number, cooldown = 0) =>
  ({ enabled: true, min_role: 'viewer', cooldown_seconds: cooldown, user_cooldown_seconds: userCooldown }) as const;

/** Each command's settings until the streamer changes them. */
export const DEFAULT_CHAT_BOT_COMMANDS: Readonly<Record<ChatBotCommand, ChatBotCommandSettings>> = {
  idea: everyone(30),
  vote: everyone(2),
  top: everyone(0, 10),
  approve: moderatorOnly,
  reject: moderatorOnly,
  make: moderatorOnly,
  coach: moderatorOnly,
  go: moderatorOnly,
  status: everyone(0, 10),
  help: everyone(0, 10),
};

const prefixSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(CHAT_BOT_PREFIX_MAX_LENGTH, `must be at most ${CHAT_BOT_PREFIX_MAX_LENGTH} characters`)
  .regex(/^\S+$/u, 'must be one word (no spaces)');

export const chatBotAliasSchema = z
  .object({
    alias: prefixSchema.describe('A word that runs the command on its own, e.g. `!idea`'),
    command: chatBotCommandSchema,
  })
  .meta({ id: 'ChatBotAlias' });
export type ChatBotAlias = z.infer<typeof chatBotAliasSchema>;

export const chatBotSettingsSchema = z
  .object({
    enabled: z.boolean().describe('The bot serves the channel'),
    prefix: z.string(),
    commands: z.record(chatBotCommandSchema, chatBotCommandSettingsSchema),
    aliases: z.array(chatBotAliasSchema),
    updated_at: isoDateTimeSchema.nullable().describe('Null while the channel keeps the defaults'),
  })
  .meta({ id: 'ChatBotSettings' });
export type ChatBotSettingsResponse = z.infer<typeof chatBotSettingsSchema>;

export const updateChatBotSettingsBodySchema = z
  .object({
    enabled: z.boolean().optional(),
    prefix: prefixSchema.optional(),
    commands: z.partialRecord(chatBotCommandSchema, chatBotCommandSettingsSchema.partial()).optional(),
    aliases: z
      .array(chatBotAliasSchema)
      .max(CHAT_BOT_ALIASES_MAX, `at most ${CHAT_BOT_ALIASES_MAX} aliases`)
      .refine((aliases) => new Set(aliases.map((a) => a.alias.toLowerCase())).size === aliases.length, {
        message: 'each alias once',
      })
      .optional(),
  })
  .meta({ id: 'UpdateChatBotSettingsRequest' });
export type UpdateChatBotSettingsBody = z.infer<typeof updateChatBotSettingsBodySchema>;

/** The chat badges the bot reads a chatter's role from. */
export const chatBadgesSchema = z
  .object({ broadcaster: z.boolean(), moderator: z.boolean(), vip: z.boolean(), subscriber: z.boolean() })
  .meta({ id: 'ChatBadges' });
export type ChatBadges = z.infer<typeof chatBadgesSchema>;
