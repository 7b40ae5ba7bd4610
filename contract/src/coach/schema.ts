import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { idParamsSchema, isoDateTimeSchema, subscriptionTierSchema, uuidSchema } from '../core/common';
import { assetTypeSchema, stylePresetSchema, twitchAssetTypeSchema } from '../assets/asset-enums';
import { GENERATION_PROMPT_MAX_LENGTH } from '../generation/limits';

// Every export carries the `coach` prefix: the contract re-exports all features' schemas side by side.

/** A coach session starts from a rough idea of this many characters… */
export const COACH_DESCRIPTION_MIN_LENGTH = 3;
/** …up to this many. */
export const COACH_DESCRIPTION_MAX_LENGTH = 500;
/** The longest message to the coach, in characters. */
export const COACH_MESSAGE_MAX_LENGTH = 1000;

/** The 11 asset types the coach prepares prompts for. */
export const coachAssetTypeSchema = z
  .enum([
    'twitch_emote',
    'youtube_thumbnail',
    'twitch_banner',
    'twitch_badge',
    'overlay',
    'story_graphic',
    'tiktok_story',
    'instagram_story',
    'instagram_reel',
    'twitch_panel',
    'twitch_offline',
  ])
  .meta({ id: 'CoachAssetType' });
export type CoachAssetType = z.infer<typeof coachAssetTypeSchema>;

/** The 6 kinds of chunk a coach stream sends. */
export const coachStreamChunkTypeSchema = z
  .enum(['token', 'intent_ready', 'grounding', 'grounding_complete', 'done', 'error'])
  .meta({ id: 'CoachStreamChunkType' });
export type CoachStreamChunkType = z.infer<typeof coachStreamChunkTypeSchema>;

export const coachFeatureSchema = z.enum(['full_coach', 'tips_only']).meta({ id: 'CoachFeature' });
export type CoachFeature = z.infer<typeof coachFeatureSchema>;

export const coachProviderSchema = z
  .enum(['offline', 'llm'])
  .describe('`offline`: the built-in rule-based coach; `llm`: the configured OpenAI-compatible model');
export type CoachProvider = z.infer<typeof coachProviderSchema>;

/** `#abc` or `#aabbcc` in, `#AABBCC` out. */
const coachHexColorInputSchema = z
  .string()
  .trim()
  .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #9146FF')
  .transform((hex) => {
    const digits = hex.slice(1);
    const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
    return `#${full.toUpperCase()}`;
  });
const coachHexColorSchema = z
  .string()
  .regex(/^#[0-9A-F]{6}$/)
  .describe('Hex colour, `#RRGGBB`');

const brandContextFields = {
  brand_kit_id: uuidSchema.nullable().optional().describe('The brand kit these values come from, if any'),
  name: z.string().trim().min(1).max(100).nullable().optional().describe('Brand or channel name'),
  tone: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .nullable()
    .optional()
    .describe('e.g. `competitive`, `casual`, `educational`, `comedic`, `professional`'),
  fonts: z
    .object({
      headline: z.string().trim().min(1).max(100).optional(),
      body: z.string().trim().min(1).max(100).optional(),
    })
    .nullable()
    .optional(),
  // shown by browsers, never fetched by the service: only http(s), never javascript:, data: or file:
  logo_url: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(2048)
    .nullable()
    .optional(),
};

/** Optional: the brand kit's fields the dashboard already holds, sent along with a coach request. */
export const coachBrandContextSchema = z
  .object({
    ...brandContextFields,
    primary_colors: z.array(coachHexColorInputSchema).max(10).default([]),
    accent_colors: z.array(coachHexColorInputSchema).max(10).default([]),
  })
  .meta({ id: 'CoachBrandContextInput' });
export type CoachBrandContext = z.infer<typeof coachBrandContextSchema>;

/** The brand context as a session stores and answers it (normalised colours). */
export const coachStoredBrandContextSchema = z
  .object({
    brand_kit_id: uuidSchema.nullable().optional(),
    name: z.string().nullable().optional(),
    tone: z.string().nullable().optional(),
    fonts: z.object({ headline: z.string().optional(), body: z.string().optional() }).nullable().optional(),
    logo_url: z.string().nullable().optional(),
    primary_colors: z.array(coachHexColorSchema),
    accent_colors: z.array(coachHexColorSchema),
  })
  .meta({ id: 'CoachBrandContext' });

export const coachStartRequestSchema = z
  .object({
    asset_type: coachAssetTypeSchema,
    description: z
      .string()
      .trim()
      .min(COACH_DESCRIPTION_MIN_LENGTH)
      .max(COACH_DESCRIPTION_MAX_LENGTH)
      .describe("The streamer's rough idea, in their own words"),
    brand_context: coachBrandContextSchema.nullable().optional(),
  })
  .meta({ id: 'StartCoachRequest' });
export type CoachStartRequest = z.infer<typeof coachStartRequestSchema>;

export const coachMessageRequestSchema = z
  .object({
    message: z
      .string()
      .trim()
      .min(1)
      .max(COACH_MESSAGE_MAX_LENGTH)
      .describe('An answer or a change to the proposed prompt'),
  })
  .meta({ id: 'CoachMessageRequest' });

/** The request the dashboard sends to the generator as is. */
export const coachGenerationRequestSchema = z
  .object({
    method: z.literal('POST'),
    path: z.enum(['/api/v1/generate', '/api/v1/twitch/generate']),
    body: z.object({
      asset_type: z.union([assetTypeSchema, twitchAssetTypeSchema]),
      custom_prompt: z.string(),
      brand_kit_id: uuidSchema.nullable(),
      style_preset: stylePresetSchema.nullable(),
    }),
    format_match: z
      .enum(['exact', 'closest'])
      .describe('`closest`: the generator has no format of this exact shape; `note` says what to do'),
    note: z.string().nullable(),
  })
  .meta({ id: 'CoachGenerationRequest' });
export type CoachGenerationRequest = z.infer<typeof coachGenerationRequestSchema>;

/** What a session settled on: everything generation needs. */
export const coachIntentSchema = z
  .object({
    asset_type: coachAssetTypeSchema,
    refined_prompt: z
      .string()
      .max(GENERATION_PROMPT_MAX_LENGTH)
      .describe("At most 1000 characters, the generator's limit"),
    style_preset: stylePresetSchema.nullable(),
    colors: z.array(coachHexColorSchema).describe('Palette, most important first'),
    text: z.string().nullable().describe('Exact text to render on the asset; null for none'),
    mood: z.string().nullable().describe('The emotion or energy the asset carries'),
    brand_kit_id: uuidSchema.nullable(),
    dimensions: z.object({ width: z.number().int(), height: z.number().int() }),
    version: z.number().int().min(1).describe('Increases with every prompt the session proposes'),
    source: z.enum(['offline', 'llm', 'rules']).describe('`rules`: the model gave no usable intent'),
    generation_request: coachGenerationRequestSchema,
  })
  .meta({ id: 'CoachIntent' });
export type CoachIntent = z.infer<typeof coachIntentSchema>;

/** One piece of context the coach looked up before answering (studio grounding). */
export const coachGroundingItemSchema = z
  .discriminatedUnion('source', [
    z.object({
      source: z.literal('twitch_channel'),
      broadcaster_name: z.string(),
      title: z.string(),
      category_name: z.string().nullable(),
      is_live: z.boolean(),
      tags: z.array(z.string()),
    }),
    z.object({
      source: z.literal('twitch_top_streams'),
      category_name: z.string(),
      streams: z.array(z.object({ user_name: z.string(), title: z.string(), viewer_count: z.number().int() })),
    }),
    z.object({
      source: z.literal('popular_asset_types'),
      days: z.number().int(),
      asset_types: z.array(z.object({ asset_type: z.string(), count: z.number().int() })),
    }),
    z.object({
      source: z.literal('popular_styles'),
      days: z.number().int(),
      styles: z.array(z.object({ style_preset: z.string(), count: z.number().int() })),
    }),
  ])
  .meta({ id: 'CoachGroundingItem' });
export type CoachGroundingItem = z.infer<typeof coachGroundingItemSchema>;

/** Every SSE event's `data`: `{type, content, metadata}`. */
export const coachStreamChunkSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('token'), content: z.string(), metadata: z.null() }),
    z.object({
      type: z.literal('grounding'),
      content: z.string().describe('One line the dashboard can show'),
      metadata: coachGroundingItemSchema,
    }),
    z.object({
      type: z.literal('grounding_complete'),
      content: z.string(),
      metadata: z.object({ sources: z.array(z.string()), twitch_connected: z.boolean() }),
    }),
    z.object({
      type: z.literal('intent_ready'),
      content: z.string().describe('The refined prompt'),
      metadata: coachIntentSchema,
    }),
    z.object({
      type: z.literal('done'),
      content: z.string(),
      metadata: z.object({
        session_id: uuidSchema,
        turns_used: z.number().int(),
        turns_remaining: z.number().int(),
        intent_ready: z.boolean(),
        provider: coachProviderSchema,
      }),
    }),
    z.object({
      type: z.literal('error'),
      content: z.string().describe('What went wrong, for people'),
      metadata: z.object({
        code: z.string().describe('e.g. `llm_unavailable`, `llm_error`, `session_expired`, `service_shutting_down`'),
        retryable: z.boolean(),
        session_id: uuidSchema,
      }),
    }),
  ])
  .meta({ id: 'CoachStreamChunk' });
export type CoachStreamChunk = z.infer<typeof coachStreamChunkSchema>;

export const coachTipCategorySchema = z
  .enum(['subject', 'composition', 'text', 'color', 'style', 'technical'])
  .meta({ id: 'CoachTipCategory' });
export type CoachTipCategory = z.infer<typeof coachTipCategorySchema>;

export const coachTipSchema = z
  .object({
    id: z.string(),
    asset_type: coachAssetTypeSchema.nullable().describe('null: applies to every asset type'),
    category: coachTipCategorySchema,
    title: z.string(),
    description: z.string(),
    example: z.string().describe('A prompt (or prompt fragment) that follows the tip'),
  })
  .meta({ id: 'CoachTip' });
export type CoachTip = z.infer<typeof coachTipSchema>;

export const coachUpgradeCtaSchema = z
  .object({ required_tier: subscriptionTierSchema, title: z.string(), message: z.string(), button_text: z.string() })
  .meta({ id: 'CoachUpgradeCta' });
export type CoachUpgradeCta = z.infer<typeof coachUpgradeCtaSchema>;

export const coachTipsQuerySchema = z.object({
  asset_type: coachAssetTypeSchema.optional().describe('Only tips for this type (plus the general ones)'),
  category: coachTipCategorySchema.optional(),
});

export const coachTipsResponseSchema = z
  .object({
    feature: coachFeatureSchema,
    tips: z.array(coachTipSchema),
    total: z.number().int(),
    upgrade_cta: coachUpgradeCtaSchema.nullable(),
  })
  .meta({ id: 'CoachTipsResponse' });

export const coachAccessResponseSchema = z
  .object({
    tier: subscriptionTierSchema,
    coach_access: z.boolean(),
    feature: coachFeatureSchema,
    grounding: z.boolean(),
    provider: coachProviderSchema,
    upgrade_message: z.string().nullable(),
    upgrade_cta: coachUpgradeCtaSchema.nullable(),
    limits: z.object({
      max_turns: z.number().int(),
      session_ttl_seconds: z.number().int(),
      max_concurrent_streams: z.number().int(),
      sessions_per_hour: z.number().int(),
      messages_per_minute: z.number().int(),
    }),
    active_streams: z.number().int().describe('Coach streams this user has open right now'),
  })
  .meta({ id: 'CoachAccessResponse' });
export type CoachAccessResponse = z.infer<typeof coachAccessResponseSchema>;

export const coachMessageSchema = z
  .object({ role: z.enum(['user', 'assistant']), content: z.string(), created_at: isoDateTimeSchema })
  .meta({ id: 'CoachMessage' });
export type CoachMessage = z.infer<typeof coachMessageSchema>;

export const coachSessionStatusSchema = z.enum(['active', 'ended']).meta({ id: 'CoachSessionStatus' });

export const coachSessionSchema = z
  .object({
    session_id: uuidSchema,
    status: coachSessionStatusSchema,
    asset_type: coachAssetTypeSchema,
    description: z.string(),
    brand_context: coachStoredBrandContextSchema.nullable(),
    messages: z.array(coachMessageSchema),
    turns_used: z.number().int().describe("The streamer's messages so far, the opening description included"),
    turns_remaining: z.number().int(),
    max_turns: z.number().int(),
    current_prompt: z.string().nullable().describe('The latest proposed prompt, ready or not'),
    prompt_versions: z.number().int(),
    intent: coachIntentSchema.nullable().describe('The latest generation-ready intent'),
    grounding: z.array(coachGroundingItemSchema),
    provider: coachProviderSchema,
    created_at: isoDateTimeSchema,
    updated_at: isoDateTimeSchema,
    ended_at: isoDateTimeSchema.nullable(),
    expires_at: isoDateTimeSchema.describe('When the idle session is forgotten'),
  })
  .meta({ id: 'CoachSession' });
export type CoachSessionView = z.infer<typeof coachSessionSchema>;

export const coachEndSessionResponseSchema = z
  .object({
    session_id: uuidSchema,
    status: z.literal('ended'),
    final_prompt: z.string(),
    intent: coachIntentSchema,
    turns_used: z.number().int(),
    prompt_versions: z.number().int(),
    ended_at: isoDateTimeSchema,
  })
  .meta({ id: 'CoachEndSessionResponse' });
export type CoachEndSessionResponse = z.infer<typeof coachEndSessionResponseSchema>;

const streamDescription =
  'Server-sent events: each event has an `id`, an `event` named after the chunk type and `data` of ' +
  'CoachStreamChunk. Studio sessions first stream `grounding` chunks and `grounding_complete`, then `token` ' +
  'chunks, `intent_ready` once the prompt is generation-ready, and `done`; a failure ends the stream with ' +
  '`error`. The session id is in the `X-Coach-Session-Id` header and in `done`. A `: heartbeat` comment ' +
  'arrives every 15 s.';

export const coachEndpoints = {
  tips: defineEndpoint({
    method: 'GET',
    path: '/api/v1/coach/tips',
    tag: 'Prompt Coach',
    summary: 'Prompt tips for each asset type (every tier)',
    auth: 'user',
    query: coachTipsQuerySchema,
    response: coachTipsResponseSchema,
  }),
  access: defineEndpoint({
    method: 'GET',
    path: '/api/v1/coach/access',
    tag: 'Prompt Coach',
    summary: "What the caller's tier allows (coach, tips only, grounding) and the upgrade path",
    auth: 'user',
    response: coachAccessResponseSchema,
  }),
  start: defineEndpoint({
    method: 'POST',
    path: '/api/v1/coach/start',
    tag: 'Prompt Coach',
    summary: 'Start a coach session (studio); streams the first answer',
    description: `${streamDescription} Without coach access answers 403 \`coach_requires_studio\` before any stream opens.`,
    auth: 'user',
    body: coachStartRequestSchema,
    responseKind: 'sse',
    response: coachStreamChunkSchema,
    errors: [403, 429],
  }),
  sendMessage: defineEndpoint({
    method: 'POST',
    path: '/api/v1/coach/sessions/{id}/messages',
    tag: 'Prompt Coach',
    summary: "Send a message in one's coach session; streams the answer",
    description: `${streamDescription} 409 when the session ended, used its turns or is already answering.`,
    auth: 'user',
    params: idParamsSchema,
    body: coachMessageRequestSchema,
    responseKind: 'sse',
    response: coachStreamChunkSchema,
    errors: [403, 404, 409, 429],
  }),
  getSession: defineEndpoint({
    method: 'GET',
    path: '/api/v1/coach/sessions/{id}',
    tag: 'Prompt Coach',
    summary: "One's coach session: messages, current prompt and intent",
    description: 'An expired session answers 404 `coach_session_expired`; an unknown one `coach_session_not_found`.',
    auth: 'user',
    params: idParamsSchema,
    response: coachSessionSchema,
    errors: [404],
  }),
  endSession: defineEndpoint({
    method: 'POST',
    path: '/api/v1/coach/sessions/{id}/end',
    tag: 'Prompt Coach',
    summary: 'End a coach session and get its final intent',
    description: 'Ending twice answers the same result. 409 while the session is still answering.',
    auth: 'user',
    params: idParamsSchema,
    response: coachEndSessionResponseSchema,
    errors: [404, 409],
  }),
};
