/**
 * The panel extension's ideas: what a channel's viewers see and do in the panel (the queue, voting,
 * suggesting, moderating for the broadcaster and moderators), the broadcaster's configuration page
 * and the live events' fallback stream. Every endpoint answers to the Twitch extension JWT.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { idParamsSchema, isoDateTimeSchema, uuidSchema } from '../core/common';
import {
  approveIdeaBodySchema,
  ideaSettingsSchema,
  ideaSubmitterSchema,
  rejectIdeaBodySchema,
  submitIdeaBodySchema,
  updateIdeaSettingsBodySchema,
} from '../ideas/schema';
import { liveEventSchema, liveIdeaSchema } from '../live/schema';
import { EXTENSION_BROADCAST_VERSION, extensionRoutes, PANEL_VIEWS } from './routes';

/** An idea as the panel shows it: the live events' idea, with its assets once ready. */
export const panelIdeaSchema = liveIdeaSchema
  .extend({
    asset_ids: z
      .array(uuidSchema)
      .describe('Once ready, the assets it led to: private until the streamer publishes them to the showcase'),
  })
  .meta({ id: 'PanelIdea' });
export type PanelIdea = z.infer<typeof panelIdeaSchema>;

export const panelViewSchema = z.enum(PANEL_VIEWS).meta({ id: 'PanelView' });

/** The channel's rules as a viewer needs them before typing an idea. */
export const panelIdeaRulesSchema = z
  .object({
    enabled: z.boolean(),
    submitters: ideaSubmitterSchema,
    requires_identity: z.boolean().describe('Suggesting needs the viewer to share their Twitch identity first'),
    one_pending_per_viewer: z.boolean(),
    cooldown_seconds: z.number().int(),
  })
  .meta({ id: 'PanelIdeaRules' });

export const extensionIdeasSchema = z
  .object({
    pending: z.array(panelIdeaSchema).describe('The approval queue: most votes first, then oldest (at most 50)'),
    recent: z
      .array(panelIdeaSchema)
      .describe('Approved ideas being made or made, and failed ones, newest first (at most 20)'),
    rules: panelIdeaRulesSchema,
    views: z.array(panelViewSchema).describe('The views the broadcaster lets the panel show, in order'),
    live_transport: z
      .enum(['pubsub', 'sse'])
      .describe(
        '`pubsub`: live events arrive through Twitch Extension PubSub (`Twitch.ext.listen("broadcast")`); ' +
          '`sse`: the server has no PubSub sender, so the panel reads `GET /api/v1/extension/live`',
      ),
    generated_at: isoDateTimeSchema,
  })
  .meta({ id: 'ExtensionIdeas' });
export type ExtensionIdeasResponse = z.infer<typeof extensionIdeasSchema>;

export const myPanelIdeaSchema = panelIdeaSchema
  .extend({ reason: z.string().nullable().describe('A moderator’s reason, for a rejected idea') })
  .meta({ id: 'MyPanelIdea' });

export const myExtensionIdeasSchema = z
  .object({
    ideas: z.array(myPanelIdeaSchema).describe('The viewer’s own ideas, newest first (at most 10)'),
    voted_idea_ids: z.array(uuidSchema).describe('The pending ideas the viewer voted for'),
  })
  .meta({ id: 'MyExtensionIdeas' });
export type MyExtensionIdeasResponse = z.infer<typeof myExtensionIdeasSchema>;

export const extensionVoteSchema = z
  .object({ idea_id: uuidSchema, number: z.number().int(), votes: z.number().int() })
  .meta({ id: 'ExtensionVote' });

const configIdeaFields = {
  enabled: true,
  submitters: true,
  panel_requires_identity: true,
  one_pending_per_viewer: true,
  cooldown_seconds: true,
  expiry_seconds: true,
  moderators: true,
  blocked_terms: true,
  use_default_blocked_terms: true,
} as const;

export const extensionConfigSchema = z
  .object({
    ideas: ideaSettingsSchema.pick(configIdeaFields),
    panel: z.object({ views: z.array(panelViewSchema) }),
  })
  .meta({ id: 'ExtensionConfig' });
export type ExtensionConfigResponse = z.infer<typeof extensionConfigSchema>;

export const updateExtensionConfigBodySchema = z
  .object({
    // every field is optional, so a key it does not know is refused rather than dropped: an object of
    // unknown keys (an operator, a typo) would otherwise pass as "change nothing" and still be saved
    ideas: updateIdeaSettingsBodySchema.pick(configIdeaFields).strict().optional(),
    panel: z
      .object({
        views: z
          .array(panelViewSchema)
          .min(1, 'show at least one view')
          .max(PANEL_VIEWS.length)
          .refine((views) => new Set(views).size === views.length, 'list each view once'),
      })
      .optional(),
  })
  .meta({ id: 'UpdateExtensionConfigRequest' });
export type UpdateExtensionConfigBody = z.infer<typeof updateExtensionConfigBodySchema>;

/** What the service broadcasts to a channel's panels through Extension PubSub (at most 5 KB). */
export const extensionBroadcastSchema = z
  .object({ v: z.literal(EXTENSION_BROADCAST_VERSION), events: z.array(liveEventSchema) })
  .meta({ id: 'ExtensionBroadcast' });
export type ExtensionBroadcast = z.infer<typeof extensionBroadcastSchema>;

const tag = 'Twitch extension';
const jwt = 'Needs the Twitch extension JWT (`Authorization: Bearer`). ';
const moderators = ['broadcaster', 'moderator'] as const;

export const extensionIdeaEndpoints = {
  ideas: defineEndpoint({
    ...extensionRoutes.ideas,
    tag,
    summary: "The channel's ideas, rules and panel views",
    description:
      jwt +
      'The same for every viewer of a channel, so it is cached per channel in Redis and dropped on every change; ' +
      'answers an `ETag`, and 304 to `If-None-Match`. Rate-limited per viewer and per channel.',
    auth: 'extension',
    response: extensionIdeasSchema,
    errors: [401, 404, 429],
  }),
  myIdeas: defineEndpoint({
    ...extensionRoutes.myIdeas,
    tag,
    summary: "The viewer's own ideas and votes",
    auth: 'extension',
    response: myExtensionIdeasSchema,
    errors: [401, 404, 429],
  }),
  suggest: defineEndpoint({
    ...extensionRoutes.suggest,
    tag,
    summary: 'Suggest an idea',
    description:
      jwt +
      'Held to the channel’s rules: 403 `ideas_disabled`, `idea_role_not_allowed`, `idea_identity_required` ' +
      '(share your identity with the extension first); 409 `idea_pending_exists`; 429 `idea_cooldown`; 422 for the text.',
    auth: 'extension',
    body: submitIdeaBodySchema,
    response: panelIdeaSchema,
    status: 201,
    errors: [401, 403, 404, 409, 422, 429],
  }),
  vote: defineEndpoint({
    ...extensionRoutes.vote,
    tag,
    summary: 'Vote for a pending idea',
    description:
      jwt +
      'One vote per viewer (opaque id, or Twitch id once shared): 409 `idea_already_voted`, 409 `idea_not_pending`.',
    auth: 'extension',
    params: idParamsSchema,
    response: extensionVoteSchema,
    errors: [401, 404, 409, 429],
  }),
  approve: defineEndpoint({
    ...extensionRoutes.approve,
    tag,
    summary: 'Approve a pending idea (broadcaster, moderators the channel allows)',
    auth: 'extension',
    extensionRoles: moderators,
    params: idParamsSchema,
    body: approveIdeaBodySchema,
    response: panelIdeaSchema,
    errors: [401, 403, 404, 409, 429],
  }),
  reject: defineEndpoint({
    ...extensionRoutes.reject,
    tag,
    summary: 'Reject a pending idea (broadcaster, moderators the channel allows)',
    auth: 'extension',
    extensionRoles: moderators,
    params: idParamsSchema,
    body: rejectIdeaBodySchema,
    response: panelIdeaSchema,
    errors: [401, 403, 404, 409, 429],
  }),
  getConfig: defineEndpoint({
    ...extensionRoutes.getConfig,
    tag,
    summary: "The channel's ideas settings and panel views (the extension's configuration page)",
    auth: 'extension',
    extensionRoles: ['broadcaster'],
    response: extensionConfigSchema,
    errors: [401, 403, 404],
  }),
  updateConfig: defineEndpoint({
    ...extensionRoutes.updateConfig,
    tag,
    summary: "Change the channel's ideas settings and panel views",
    description: jwt + 'Only the fields sent change. The broadcaster only.',
    auth: 'extension',
    extensionRoles: ['broadcaster'],
    body: updateExtensionConfigBodySchema,
    response: extensionConfigSchema,
    errors: [401, 403, 404, 422],
  }),
  live: defineEndpoint({
    ...extensionRoutes.live,
    tag,
    summary: "The channel's live events as server-sent events (when Extension PubSub is not configured)",
    description:
      jwt +
      'The fallback of `Twitch.ext.listen("broadcast")`: the same events, one `data:` line each, until the JWT expires.',
    auth: 'extension',
    response: liveEventSchema,
    errors: [401, 404, 429],
  }),
};
