/**
 * Channel points: the custom reward AuraStream creates on a streamer's channel (through Helix, so
 * AuraStream owns it), whose redemptions become viewer ideas. The limits are Twitch's own, so the
 * dashboard checks them before the service and Twitch do.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { isoDateTimeSchema } from '../core/common';

/** Twitch's limits on a custom reward (Helix "Create Custom Rewards"). */
export const REWARD_TITLE_MAX_LENGTH = 45;
export const REWARD_PROMPT_MAX_LENGTH = 200;
export const REWARD_MAX_COOLDOWN_SECONDS = 604_800;
/** A channel holds at most this many custom rewards, AuraStream's included. */
export const CHANNEL_MAX_CUSTOM_REWARDS = 50;

/** The scopes channel points need on the streamer's Twitch connection (asked when it is turned on). */
export const CHANNEL_POINTS_SCOPES = ['channel:read:redemptions', 'channel:manage:redemptions'] as const;

/** The reward a streamer gets before changing anything. */
export const DEFAULT_REWARD_SETTINGS = {
  title: 'Suggest an emote',
  cost: 1000,
  prompt: 'Describe the emote you would like the streamer to make. The streamer approves it first.',
  global_cooldown_seconds: 60,
  max_per_stream: null,
} as const;

/**
 * - `off`: the streamer has not turned the reward on (or turned it off);
 * - `active`: the reward exists on Twitch and its redemptions arrive;
 * - `disconnected`: it was on, and something outside AuraStream stopped it (`state_reason` says what);
 * - `not_eligible`: Twitch refused because the channel is not an affiliate or partner.
 */
export const rewardStateSchema = z.enum(['off', 'active', 'disconnected', 'not_eligible']).meta({ id: 'RewardState' });
export type RewardState = z.infer<typeof rewardStateSchema>;

/** Why a reward shows as disconnected. */
export const rewardDisconnectReasonSchema = z
  .enum([
    'twitch_disconnected',
    'authorization_revoked',
    'user_removed',
    'notification_failures_exceeded',
    'version_removed',
    'reward_deleted_on_twitch',
    'reward_not_owned',
    'subscription_failed',
  ])
  .meta({ id: 'RewardDisconnectReason' });
export type RewardDisconnectReason = z.infer<typeof rewardDisconnectReasonSchema>;

const titleSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(REWARD_TITLE_MAX_LENGTH, { message: `must be at most ${REWARD_TITLE_MAX_LENGTH} characters (Twitch's limit)` });

const promptSchema = z
  .string()
  .trim()
  .max(REWARD_PROMPT_MAX_LENGTH, {
    message: `must be at most ${REWARD_PROMPT_MAX_LENGTH} characters (Twitch's limit)`,
  });

/** The reward's settings a streamer edits; user input is always required (the viewer's idea). */
export const rewardSettingsSchema = z
  .object({
    title: titleSchema,
    cost: z.number().int().min(1, { message: 'must be at least 1 point' }).max(2_147_483_647),
    prompt: promptSchema,
    global_cooldown_seconds: z
      .number()
      .int()
      .min(0)
      .max(REWARD_MAX_COOLDOWN_SECONDS, { message: 'must be at most 7 days' })
      .describe('Seconds between two redemptions on the channel; 0 for none'),
    max_per_stream: z.number().int().min(1).nullable().describe('Redemptions allowed per stream; null for no limit'),
  })
  .meta({ id: 'RewardSettings' });
export type RewardSettings = z.infer<typeof rewardSettingsSchema>;

export const updateChannelPointsRequestSchema = rewardSettingsSchema
  .partial()
  .extend({ enabled: z.boolean().optional().describe('Turn the reward on (created on Twitch) or off (deleted)') })
  .meta({ id: 'UpdateChannelPointsRequest' });

/** One size of a reward icon the streamer can download and upload on Twitch's channel-points page. */
export const rewardIconFileSchema = z
  .object({ asset_id: z.string(), size_label: z.string(), width: z.number().int(), url: z.string() })
  .meta({ id: 'RewardIconFile' });

export const channelPointsResponseSchema = rewardSettingsSchema
  .extend({
    enabled: z.boolean(),
    state: rewardStateSchema,
    state_reason: rewardDisconnectReasonSchema.nullable(),
    /** What the streamer reads about the state, e.g. why Twitch refused. */
    state_message: z.string().nullable(),
    last_error: z.string().nullable().describe('The last problem talking to Twitch, when there was one'),
    twitch_reward_id: z.string().nullable(),
    twitch_connected: z.boolean(),
    granted_scopes: z.array(z.string()).describe('What the Twitch connection may do'),
    missing_scopes: z.array(z.string()).describe('What channel points need and the connection lacks'),
    reward_icons: z
      .array(rewardIconFileSchema)
      .describe(
        "The newest `reward_icon` asset's files (112, 56, 28 px): Twitch's API cannot set a reward's image, so the streamer uploads them on Twitch's channel-points page",
      ),
    updated_at: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'ChannelPoints' });
export type ChannelPointsResponse = z.infer<typeof channelPointsResponseSchema>;

export const channelPointsEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/v1/twitch/channel-points',
    tag: 'Channel points',
    summary: "The channel-point reward's settings and state, the scopes granted and missing, the reward icons",
    auth: 'user',
    response: channelPointsResponseSchema,
  }),
  update: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/twitch/channel-points',
    tag: 'Channel points',
    summary: 'Turn the channel-point reward on or off, or change its settings',
    description:
      "Turning it on creates the reward on Twitch as the streamer and subscribes to its redemptions; off deletes both. Twitch's rules answer 4xx: `channel_points_unavailable` (403: not an affiliate or partner), `channel_points_reward_limit` (409: 50 custom rewards), `channel_points_duplicate_title` (409), `twitch_scopes_missing` (403: grant them first), `twitch_not_connected` (409), `twitch_rate_limited` (429).",
    auth: 'user',
    body: updateChannelPointsRequestSchema,
    response: channelPointsResponseSchema,
    errors: [403, 409, 429],
  }),
};
