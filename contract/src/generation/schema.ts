/**
 * The generation API: jobs on the `generation_jobs` collection's columns, Twitch
 * assets and packs, the dimensions table, and the real-time job events pushed over socket.io.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { GENERATION_MAX_VARIATIONS, GENERATION_PROMPT_MAX_LENGTH } from './limits';
import { cursorPageQuerySchema, idParamsSchema, isoDateTimeSchema, uuidSchema } from '../core/common';
import {
  anyAssetTypeSchema,
  assetTypeSchema,
  jobStatusSchema,
  packTypeSchema,
  stylePresetSchema,
  twitchAssetTypeSchema,
} from '../assets/asset-enums';
import { assetSchema } from '../assets/schema';
import { ideaSourceSchema } from '../ideas/schema';

export const jobTypeSchema = z
  .enum(['single', 'pack', 'pack_item'])
  .describe('`single`: one request; `pack`: a pack’s parent job; `pack_item`: one asset type of a pack')
  .meta({ id: 'JobType' });
export type JobType = z.infer<typeof jobTypeSchema>;

/** The `asset_type` of a pack's parent job, whose children carry the real types. */
export const PACK_JOB_ASSET_TYPE = 'twitch_pack';

export const platformContextSchema = z
  .object({
    platform: z.literal('twitch'),
    broadcaster_id: z.string(),
    broadcaster_login: z.string(),
    broadcaster_name: z.string(),
    title: z.string(),
    category_id: z.string().nullable(),
    category_name: z.string().nullable(),
    tags: z.array(z.string()),
    is_live: z.boolean(),
    captured_at: isoDateTimeSchema,
  })
  .describe('The streamer’s Twitch channel when the job was requested (Helix), used in the prompt and layout')
  .meta({ id: 'PlatformContext' });
export type PlatformContext = z.infer<typeof platformContextSchema>;

/** What a job was made for, beyond the streamer's own request: a viewer's idea. */
export const jobOriginSchema = z
  .object({
    kind: z.literal('idea'),
    idea_id: uuidSchema,
    idea_number: z.number().int(),
    viewer_display_name: z.string().nullable(),
    source: ideaSourceSchema,
  })
  .describe('The job makes a viewer’s idea: its assets are labelled AI-made, credit the viewer and start private')
  .meta({ id: 'JobOrigin' });
export type JobOrigin = z.infer<typeof jobOriginSchema>;

export const jobSchema = z
  .object({
    id: uuidSchema,
    user_id: uuidSchema,
    parent_job_id: uuidSchema.nullable(),
    status: jobStatusSchema,
    job_type: jobTypeSchema,
    asset_type: z
      .union([anyAssetTypeSchema, z.literal(PACK_JOB_ASSET_TYPE)])
      .describe('The requested type; `twitch_pack` for a pack’s parent job'),
    pack_type: packTypeSchema.nullable(),
    custom_prompt: z.string().nullable(),
    brand_kit_id: uuidSchema.nullable(),
    platform_context: platformContextSchema.nullable(),
    style_preset: stylePresetSchema.nullable(),
    variations: z.number().int().min(1).max(GENERATION_MAX_VARIATIONS),
    total_assets: z.number().int().describe('Files the job makes: variations × the sizes the type needs'),
    completed_assets: z.number().int(),
    failed_assets: z.number().int(),
    progress: z.number().int().min(0).max(100).describe('Percent of `total_assets` finished (made or failed)'),
    queued_at: isoDateTimeSchema,
    started_at: isoDateTimeSchema.nullable(),
    completed_at: isoDateTimeSchema.nullable().describe('When the job ended: completed, failed or cancelled'),
    error_message: z.string().nullable(),
    retry_count: z.number().int().describe('Times the job was run again after a failure or a lost worker'),
    origin: jobOriginSchema.nullable().describe('Null for the streamer’s own requests'),
    created_at: isoDateTimeSchema,
    updated_at: isoDateTimeSchema,
  })
  .meta({ id: 'Job' });
export type JobResponse = z.infer<typeof jobSchema>;

const customPromptSchema = z
  .string()
  .trim()
  .min(1, 'describe what to make')
  .max(GENERATION_PROMPT_MAX_LENGTH)
  .describe('What to make, in the streamer’s words (1–1000 characters)');
const brandKitIdSchema = uuidSchema
  .nullable()
  .optional()
  .describe('The brand kit to style with; omitted or null: the active kit, if any');
const variationsSchema = z
  .number()
  .int()
  .min(1)
  .max(GENERATION_MAX_VARIATIONS)
  .default(1)
  .describe('How many different designs to make to pick from (1–4); each counts against the monthly quota');

export const generateBodySchema = z
  .object({
    asset_type: assetTypeSchema,
    custom_prompt: customPromptSchema,
    brand_kit_id: brandKitIdSchema,
    style_preset: stylePresetSchema.nullable().optional(),
    variations: variationsSchema,
  })
  .meta({ id: 'GenerateRequest' });
export type GenerateBody = z.infer<typeof generateBodySchema>;

export const twitchGenerateBodySchema = z
  .object({
    asset_type: twitchAssetTypeSchema,
    custom_prompt: customPromptSchema,
    brand_kit_id: brandKitIdSchema,
    style_preset: stylePresetSchema.nullable().optional(),
    variations: variationsSchema,
  })
  .meta({ id: 'TwitchGenerateRequest' });
export type TwitchGenerateBody = z.infer<typeof twitchGenerateBodySchema>;

export const packBodySchema = z
  .object({
    pack_type: packTypeSchema,
    custom_prompt: customPromptSchema.nullable().optional(),
    brand_kit_id: brandKitIdSchema,
    style_preset: stylePresetSchema.nullable().optional(),
  })
  .meta({ id: 'TwitchPackRequest' });
export type PackBody = z.infer<typeof packBodySchema>;

export const listJobsQuerySchema = cursorPageQuerySchema.extend({
  status: jobStatusSchema.optional(),
  asset_type: z.union([anyAssetTypeSchema, z.literal(PACK_JOB_ASSET_TYPE)]).optional(),
  job_type: jobTypeSchema.optional(),
  parent_job_id: uuidSchema.optional().describe('Lists the items of this pack'),
});
export type ListJobsQuery = z.infer<typeof listJobsQuerySchema>;

export const jobListSchema = z
  .object({ jobs: z.array(jobSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'JobList' });

export const jobAssetsSchema = z.object({ assets: z.array(assetSchema) }).meta({ id: 'JobAssets' });

export const packItemSchema = z
  .object({ asset_type: twitchAssetTypeSchema, job: jobSchema, assets: z.array(assetSchema) })
  .meta({ id: 'TwitchPackItem' });

export const packSchema = z
  .object({
    job: jobSchema.describe('The pack’s parent job: its status and counts sum up the items'),
    pack_type: packTypeSchema,
    progress: z.number().int().min(0).max(100),
    items: z.array(packItemSchema),
    download_url: z.string().nullable().describe('The zip, once the pack has completed'),
  })
  .meta({ id: 'TwitchPack' });
export type PackResponse = z.infer<typeof packSchema>;

const outputSizeSchema = z.object({ width: z.number().int(), height: z.number().int(), label: z.string() });

export const assetDimensionsSchema = z
  .object({
    asset_type: anyAssetTypeSchema,
    twitch_asset_type: twitchAssetTypeSchema,
    name: z.string(),
    description: z.string(),
    sizes: z.array(outputSizeSchema).describe('Every file one request produces, largest first'),
    format: z.enum(['png', 'jpeg']),
    accepted_formats: z.array(z.enum(['png', 'jpeg'])),
    transparent: z.boolean(),
    max_bytes: z.number().int().describe('Largest accepted file, per file'),
    limit_source: z.enum(['twitch', 'youtube', 'aurastream']),
    upload_to: z.string(),
    guidance: z.string(),
    legibility_px: z.number().int().nullable(),
  })
  .meta({ id: 'AssetDimensions' });

export const dimensionsResponseSchema = z
  .object({
    asset_types: z.array(assetDimensionsSchema).describe("The Twitch asset types: the spec's 14 and `reward_icon`"),
    generic_asset_types: z.array(assetDimensionsSchema).describe('The 5 types of `POST /generate`'),
    packs: z
      .array(z.object({ pack_type: packTypeSchema, asset_types: z.array(twitchAssetTypeSchema) }))
      .describe('What each pack holds'),
  })
  .meta({ id: 'TwitchDimensions' });

/** socket.io events pushed to the job's owner (room per user). */
export const realtimeJobEvents = {
  progress: 'job.progress',
  completed: 'job.completed',
  failed: 'job.failed',
} as const;

export const jobEventSchema = z
  .object({
    job: jobSchema,
    new_assets: z.array(assetSchema).describe('Assets stored since the previous event (empty when none)'),
  })
  .meta({ id: 'JobEvent' });
export type JobEvent = z.infer<typeof jobEventSchema>;

const cancelDescription =
  'Stops a queued or processing job (a pack cancels every unfinished item). The job ends `cancelled`; assets ' +
  'already made stay, no further asset is made, and the quota of what was not made is given back. ' +
  '409 `job_not_cancellable` once the job has ended.';

export const generationEndpoints = {
  generate: defineEndpoint({
    method: 'POST',
    path: '/api/v1/generate',
    tag: 'Generation',
    summary: 'Queue the generation of an asset',
    description:
      'Answers 202 with the queued job at once; follow it with `GET /jobs/{id}` or the `job.*` socket.io events. ' +
      '403 `monthly_quota_exceeded` when the tier’s monthly assets would be exceeded.',
    auth: 'user',
    body: generateBodySchema,
    response: jobSchema,
    status: 202,
    errors: [403, 404, 429],
  }),
  listJobs: defineEndpoint({
    method: 'GET',
    path: '/api/v1/jobs',
    tag: 'Generation',
    summary: 'List your generation jobs, newest first',
    description: 'Pack items are left out unless `parent_job_id` or `job_type=pack_item` asks for them.',
    auth: 'user',
    query: listJobsQuerySchema,
    response: jobListSchema,
  }),
  getJob: defineEndpoint({
    method: 'GET',
    path: '/api/v1/jobs/{id}',
    tag: 'Generation',
    summary: 'Get a job and its progress',
    auth: 'user',
    params: idParamsSchema,
    response: jobSchema,
    errors: [404],
  }),
  getJobAssets: defineEndpoint({
    method: 'GET',
    path: '/api/v1/jobs/{id}/assets',
    tag: 'Generation',
    summary: 'The assets a job has made so far (a pack’s: every item’s)',
    auth: 'user',
    params: idParamsSchema,
    response: jobAssetsSchema,
    errors: [404],
  }),
  cancelJob: defineEndpoint({
    method: 'POST',
    path: '/api/v1/jobs/{id}/cancel',
    tag: 'Generation',
    summary: 'Cancel a job',
    description: cancelDescription,
    auth: 'user',
    params: idParamsSchema,
    response: jobSchema,
    errors: [404, 409],
  }),
};

export const twitchEndpoints = {
  generate: defineEndpoint({
    method: 'POST',
    path: '/api/v1/twitch/generate',
    tag: 'Twitch assets',
    summary: 'Queue a Twitch asset at every size Twitch needs',
    description:
      'Each size is checked against Twitch’s file-size limit. With Twitch connected the job records the channel ' +
      'context in `platform_context`. Answers 202 with the queued job.',
    auth: 'user',
    body: twitchGenerateBodySchema,
    response: jobSchema,
    status: 202,
    errors: [403, 404, 429],
  }),
  createPack: defineEndpoint({
    method: 'POST',
    path: '/api/v1/twitch/packs',
    tag: 'Twitch assets',
    summary: 'Queue a pack of Twitch assets',
    description:
      '`starter`: emote, badge, panel, banner, offline_screen. `pro`: starter + overlay, alert, starting_soon, brb, ' +
      'ending. `complete`: all 14 types. One child job per type; every type counts against the monthly quota.',
    auth: 'user',
    body: packBodySchema,
    response: packSchema,
    status: 202,
    errors: [403, 404, 429],
  }),
  getPack: defineEndpoint({
    method: 'GET',
    path: '/api/v1/twitch/packs/{id}',
    tag: 'Twitch assets',
    summary: 'A pack’s progress and assets',
    auth: 'user',
    params: idParamsSchema,
    response: packSchema,
    errors: [404],
  }),
  downloadPack: defineEndpoint({
    method: 'GET',
    path: '/api/v1/twitch/packs/{id}/download',
    tag: 'Twitch assets',
    summary: 'Download a completed pack as a zip laid out for Twitch',
    description:
      'Folders per destination (`emotes/emote_112x112.png`, `badges/badge_18x18.png`, `panels/`, `profile/`, ' +
      '`offline/`, `scenes/`, `overlays/`, `alerts/`, …) and a README.txt saying where each file is uploaded. ' +
      '409 `pack_not_ready` until the pack has ended with at least one asset.',
    auth: 'user',
    params: idParamsSchema,
    responseKind: 'binary',
    errors: [404, 409],
  }),
  dimensions: defineEndpoint({
    method: 'GET',
    path: '/api/v1/twitch/dimensions',
    tag: 'Twitch assets',
    summary: 'Every Twitch asset type’s sizes, format, transparency and upload limits',
    auth: 'user',
    response: dimensionsResponseSchema,
  }),
};
