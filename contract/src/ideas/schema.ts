/**
 * Viewer ideas: what a channel's viewers suggest the streamer makes next (from chat, the panel or a
 * channel-point redemption), the moderator approval queue, votes, and the channel's ideas settings.
 * The dashboard's endpoints are here; the panel's and the bot's call the same feature API.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { idParamsSchema, isoDateTimeSchema, uuidSchema } from '../core/common';
import { GENERATION_PROMPT_MAX_LENGTH } from '../generation/limits';
import { IDEA_TEXT_MAX_INPUT_LENGTH } from './idea-text';

export * from './idea-text';

/** Where an idea came from. */
export const ideaSourceSchema = z
  .enum(['chat', 'panel', 'channel_points'])
  .describe('`chat`: the chat bot; `panel`: the panel extension; `channel_points`: a channel-point redemption')
  .meta({ id: 'IdeaSource' });
export type IdeaSource = z.infer<typeof ideaSourceSchema>;

/**
 * Where an idea is in its life: `pending` in the approval queue; `approved` while its generation is
 * being queued; `generating`; `ready` (its assets are in the streamer's library, private); `failed`;
 * `rejected` by a moderator; `expired` unanswered.
 */
export const ideaStatusSchema = z
  .enum(['pending', 'approved', 'generating', 'ready', 'failed', 'rejected', 'expired'])
  .meta({ id: 'IdeaStatus' });
export type IdeaStatus = z.infer<typeof ideaStatusSchema>;

/** Statuses an idea never leaves. */
export const FINAL_IDEA_STATUSES: readonly IdeaStatus[] = ['ready', 'failed', 'rejected', 'expired'];

/** What viewers may ask for: the Twitch asset types that make sense as one suggestion. */
export const ideaAssetTypeSchema = z
  .enum(['emote', 'badge', 'panel', 'banner', 'offline_screen', 'overlay', 'alert'])
  .meta({ id: 'IdeaAssetType' });
export type IdeaAssetType = z.infer<typeof ideaAssetTypeSchema>;

/** A viewer's standing in the channel, highest first, as chat badges and the extension JWT tell it. */
export const viewerRoleSchema = z
  .enum(['broadcaster', 'moderator', 'vip', 'subscriber', 'viewer'])
  .meta({ id: 'ViewerRole' });
export type ViewerRole = z.infer<typeof viewerRoleSchema>;

/** Who may submit ideas: everyone, or viewers with at least this role. */
export const ideaSubmitterSchema = z
  .enum(['everyone', 'subscribers', 'vips', 'moderators'])
  .describe('`subscribers` also lets VIPs, moderators and the broadcaster in; `vips` moderators and the broadcaster; …')
  .meta({ id: 'IdeaSubmitters' });
export type IdeaSubmitters = z.infer<typeof ideaSubmitterSchema>;

/** The lowest role each `who may submit` setting lets in. */
export const IDEA_SUBMITTER_MIN_ROLE: Readonly<Record<IdeaSubmitters, ViewerRole>> = {
  everyone: 'viewer',
  subscribers: 'subscriber',
  vips: 'vip',
  moderators: 'moderator',
};

/** Roles from highest to lowest: a role passes a minimum when it is at or before it. */
export const VIEWER_ROLE_RANK: Readonly<Record<ViewerRole, number>> = {
  broadcaster: 4,
  moderator: 3,
  vip: 2,
  subscriber: 1,
  viewer: 0,
};

/** Who may approve and reject besides the streamer. */
export const ideaModeratorsSchema = z
  .enum(['none', 'all', 'listed'])
  .describe('`all`: every moderator of the channel; `listed`: the moderators in `moderator_twitch_user_ids`')
  .meta({ id: 'IdeaModerators' });
export type IdeaModerators = z.infer<typeof ideaModeratorsSchema>;

/** Why an idea was refused or ended; `details.reason` of the matching errors. */
export const ideaReasonCodeSchema = z
  .enum([
    'ideas_disabled',
    'role_not_allowed',
    'identity_required',
    'blocked_term',
    'cooldown',
    'pending_exists',
    'text_invalid',
    'rejected_by_moderator',
    'expired',
    'generation_failed',
  ])
  .meta({ id: 'IdeaReasonCode' });
export type IdeaReasonCode = z.infer<typeof ideaReasonCodeSchema>;

export const IDEA_BLOCKED_TERMS_MAX = 200;
export const IDEA_BLOCKED_TERM_MAX_LENGTH = 50;
export const IDEA_REJECT_REASON_MAX_LENGTH = 200;
/** Longest the per-viewer cooldown may be (one day). */
export const IDEA_COOLDOWN_MAX_SECONDS = 86_400;
/** Expiry of pending ideas: from one minute to a week. */
export const IDEA_EXPIRY_MIN_SECONDS = 60;
export const IDEA_EXPIRY_MAX_SECONDS = 7 * 86_400;

const twitchUserIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a Twitch user id (digits)');

/** The viewer who suggested an idea, as far as the source knows them. */
export const ideaViewerSchema = z
  .object({
    twitch_user_id: z.string().nullable().describe('Null for a panel viewer who did not share their identity'),
    display_name: z.string().nullable(),
    opaque_id: z.string().nullable().describe("The extension's opaque id (`U…`/`A…`), for panel viewers"),
    role: viewerRoleSchema,
  })
  .meta({ id: 'IdeaViewer' });

export const ideaModerationSchema = z
  .object({
    decided_by: z
      .object({
        kind: z.enum(['streamer', 'moderator', 'system']),
        display_name: z.string().nullable(),
        twitch_user_id: z.string().nullable(),
      })
      .describe('`system`: the channel lets this source or role skip the queue'),
    decided_at: isoDateTimeSchema,
    reason: z.string().nullable().describe('The moderator’s reason for a rejection'),
  })
  .meta({ id: 'IdeaModeration' });

export const ideaRedemptionSchema = z
  .object({
    reward_id: z.string(),
    redemption_id: z.string(),
    status: z.enum(['UNFULFILLED', 'FULFILLED', 'CANCELED']).describe("Twitch's redemption status, as last set"),
  })
  .meta({ id: 'IdeaRedemption' });

export const ideaSchema = z
  .object({
    id: uuidSchema,
    number: z.number().int().describe('The idea’s number in its channel (#12), as the bot and the panel show it'),
    text: z.string(),
    source: ideaSourceSchema,
    asset_type: ideaAssetTypeSchema,
    status: ideaStatusSchema,
    votes: z.number().int(),
    viewer: ideaViewerSchema,
    suggested_prompt: z
      .string()
      .nullable()
      .describe("The Prompt Coach's generation-ready prompt from the viewer's words"),
    suggested_prompt_source: z.enum(['offline', 'llm']).nullable(),
    prompt: z.string().nullable().describe('The prompt the idea was generated with (the suggestion or an edit)'),
    moderation: ideaModerationSchema.nullable(),
    job_id: uuidSchema.nullable(),
    asset_ids: z.array(uuidSchema).describe('The assets it led to, once ready (private until published)'),
    error_message: z.string().nullable(),
    redemption: ideaRedemptionSchema.nullable(),
    expires_at: isoDateTimeSchema.nullable().describe('When a pending idea expires'),
    created_at: isoDateTimeSchema,
    updated_at: isoDateTimeSchema,
  })
  .meta({ id: 'Idea' });
export type IdeaResponse = z.infer<typeof ideaSchema>;

export const ideaOrderSchema = z
  .enum(['queue', 'newest'])
  .describe('`queue`: most votes first, then oldest first (the approval queue); `newest`: newest first')
  .meta({ id: 'IdeaOrder' });
export type IdeaOrder = z.infer<typeof ideaOrderSchema>;

export const listIdeasQuerySchema = z.object({
  status: ideaStatusSchema.optional(),
  source: ideaSourceSchema.optional(),
  order: ideaOrderSchema.default('newest'),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListIdeasQuery = z.infer<typeof listIdeasQuerySchema>;

export const ideaListSchema = z
  .object({
    ideas: z.array(ideaSchema),
    next_cursor: z.string().nullable().describe('Pass back as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'IdeaList' });

const promptSchema = z
  .string()
  .trim()
  .min(1, 'describe what to make')
  .max(GENERATION_PROMPT_MAX_LENGTH)
  .describe('An edited prompt; omitted: the suggested prompt (or the viewer’s words)');

export const approveIdeaBodySchema = z.object({ prompt: promptSchema.optional() }).meta({ id: 'ApproveIdeaRequest' });
export type ApproveIdeaBody = z.infer<typeof approveIdeaBodySchema>;

export const rejectIdeaBodySchema = z
  .object({
    reason: z
      .string()
      .trim()
      .max(IDEA_REJECT_REASON_MAX_LENGTH)
      .optional()
      .describe('Shown to the viewer where the source can show it'),
  })
  .meta({ id: 'RejectIdeaRequest' });
export type RejectIdeaBody = z.infer<typeof rejectIdeaBodySchema>;

/** A viewer's suggestion, as the panel and the bot send it. */
export const submitIdeaBodySchema = z
  .object({
    text: z
      .string()
      .max(IDEA_TEXT_MAX_INPUT_LENGTH)
      .describe('1–200 characters once links and invisible characters go'),
    asset_type: ideaAssetTypeSchema.default('emote'),
  })
  .meta({ id: 'SubmitIdeaRequest' });
export type SubmitIdeaBody = z.infer<typeof submitIdeaBodySchema>;

const blockedTermSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(IDEA_BLOCKED_TERM_MAX_LENGTH, `must be at most ${IDEA_BLOCKED_TERM_MAX_LENGTH} characters`);

export const ideaSettingsSchema = z
  .object({
    enabled: z.boolean().describe('Viewers may suggest ideas'),
    submitters: ideaSubmitterSchema,
    auto_approve_sources: z
      .array(ideaSourceSchema)
      .describe('Ideas from these sources skip the approval queue (default: none)'),
    auto_approve_roles: z
      .array(viewerRoleSchema)
      .describe('Ideas from viewers with these roles skip the approval queue (default: none)'),
    one_pending_per_viewer: z.boolean().describe('A viewer waits for their pending idea to be decided'),
    cooldown_seconds: z.number().int().min(0).max(IDEA_COOLDOWN_MAX_SECONDS).describe('Between two ideas of a viewer'),
    expiry_seconds: z
      .number()
      .int()
      .min(IDEA_EXPIRY_MIN_SECONDS)
      .max(IDEA_EXPIRY_MAX_SECONDS)
      .describe('A pending idea expires after this long (default 24 h)'),
    blocked_terms: z.array(z.string()).describe("The channel's own blocked words and phrases"),
    use_default_blocked_terms: z.boolean().describe("Also refuse AuraStream's list of slurs and sexual terms"),
    panel_requires_identity: z
      .boolean()
      .describe('Panel viewers must share their Twitch identity to suggest (names show, bans apply)'),
    moderators: ideaModeratorsSchema,
    moderator_twitch_user_ids: z.array(z.string()),
    updated_at: isoDateTimeSchema.nullable().describe('Null while the channel keeps the defaults'),
  })
  .meta({ id: 'IdeaSettings' });
export type IdeaSettingsResponse = z.infer<typeof ideaSettingsSchema>;

export const updateIdeaSettingsBodySchema = z
  .object({
    enabled: z.boolean().optional(),
    submitters: ideaSubmitterSchema.optional(),
    auto_approve_sources: z.array(ideaSourceSchema).max(3).optional(),
    auto_approve_roles: z.array(viewerRoleSchema).max(5).optional(),
    one_pending_per_viewer: z.boolean().optional(),
    cooldown_seconds: z.number().int().min(0).max(IDEA_COOLDOWN_MAX_SECONDS).optional(),
    expiry_seconds: z.number().int().min(IDEA_EXPIRY_MIN_SECONDS).max(IDEA_EXPIRY_MAX_SECONDS).optional(),
    blocked_terms: z.array(blockedTermSchema).max(IDEA_BLOCKED_TERMS_MAX).optional(),
    use_default_blocked_terms: z.boolean().optional(),
    panel_requires_identity: z.boolean().optional(),
    moderators: ideaModeratorsSchema.optional(),
    moderator_twitch_user_ids: z.array(twitchUserIdSchema).max(100).optional(),
  })
  .meta({ id: 'UpdateIdeaSettingsRequest' });
export type UpdateIdeaSettingsBody = z.infer<typeof updateIdeaSettingsBodySchema>;

const tag = 'Ideas';

export const ideaEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/v1/ideas',
    tag,
    summary: "Your channel's viewer ideas",
    description:
      'Filters combine. `order=queue` with `status=pending` is the approval queue: most votes first, then oldest. ' +
      'Cursor pagination: pass `next_cursor` back as `cursor` (with the same filters and order).',
    auth: 'user',
    query: listIdeasQuerySchema,
    response: ideaListSchema,
  }),
  getSettings: defineEndpoint({
    method: 'GET',
    path: '/api/v1/ideas/settings',
    tag,
    summary: "Your channel's ideas settings",
    auth: 'user',
    response: ideaSettingsSchema,
  }),
  updateSettings: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/ideas/settings',
    tag,
    summary: "Change your channel's ideas settings",
    description: 'Only the fields sent change. A new expiry applies to ideas submitted from then on.',
    auth: 'user',
    body: updateIdeaSettingsBodySchema,
    response: ideaSettingsSchema,
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/v1/ideas/{id}',
    tag,
    summary: 'One of your channel’s ideas',
    auth: 'user',
    params: idParamsSchema,
    response: ideaSchema,
    errors: [404],
  }),
  approve: defineEndpoint({
    method: 'POST',
    path: '/api/v1/ideas/{id}/approve',
    tag,
    summary: 'Approve a pending idea and start making it',
    description:
      'Queues a generation on your quota, tier and active brand kit with the prompt sent, else the suggested one. ' +
      'Its assets are labelled AI-made, credit the viewer, and land in your library private. 409 ' +
      '`idea_not_pending` once the idea was decided; 403 `monthly_quota_exceeded` leaves it pending.',
    auth: 'user',
    params: idParamsSchema,
    body: approveIdeaBodySchema,
    response: ideaSchema,
    errors: [403, 404, 409, 429],
  }),
  reject: defineEndpoint({
    method: 'POST',
    path: '/api/v1/ideas/{id}/reject',
    tag,
    summary: 'Reject a pending idea',
    description: 'A redemption behind it is refunded. 409 `idea_not_pending` once the idea was decided.',
    auth: 'user',
    params: idParamsSchema,
    body: rejectIdeaBodySchema,
    response: ideaSchema,
    errors: [404, 409],
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/api/v1/ideas/{id}',
    tag,
    summary: 'Delete an idea and its votes',
    description:
      'Assets it led to stay in your library. A pending idea is rejected first (refunding a redemption); ' +
      'one being made answers 409 `idea_not_pending` until it is ready or has failed.',
    auth: 'user',
    params: idParamsSchema,
    status: 204,
    errors: [404, 409],
  }),
};

/** What places an idea in the approval queue. */
export interface IdeaQueuePosition {
  votes: number;
  /** ISO 8601. */
  createdAt: string;
  id: string;
}

/** The approval queue's order (`order=queue`): most votes first, then oldest, then by id. */
export function compareIdeaQueuePositions(a: IdeaQueuePosition, b: IdeaQueuePosition): number {
  return (
    b.votes - a.votes || Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
