/**
 * The asset library API: the user's generated files on the `assets` collection's
 * columns, plus the public, unauthenticated view of an asset a streamer chose to share.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { cursorPageQuerySchema, idParamsSchema, isoDateTimeSchema, uuidSchema } from '../core/common';
import { anyAssetTypeSchema, stylePresetSchema, twitchAssetTypeSchema, packTypeSchema } from '../assets/asset-enums';
import { ideaSourceSchema } from '../ideas/schema';

/** Who an asset is owed to: the viewer whose idea it was made from. */
export const assetCreditSchema = z
  .object({
    idea_id: uuidSchema,
    idea_number: z.number().int(),
    viewer_display_name: z.string().nullable().describe('The viewer who suggested it, when known'),
    source: ideaSourceSchema,
  })
  .meta({ id: 'AssetCredit' });
export type AssetCredit = z.infer<typeof assetCreditSchema>;

export const imageFormatSchema = z.enum(['png', 'jpeg']).meta({ id: 'ImageFormat' });

/** How an asset was made; lets the library label AI-made work. */
export const generationParamsSchema = z
  .object({
    provider: z
      .enum(['builtin', 'openai'])
      .describe('`openai`: an AI image model made it; `builtin`: the built-in renderer'),
    ai_generated: z.boolean().describe('True when an AI model made the image'),
    model: z.string().nullable().describe('The AI model, when one was used'),
    style_preset: stylePresetSchema.nullable(),
    variation: z
      .number()
      .int()
      .min(1)
      .max(4)
      .describe('Which of the requested variations this file belongs to (1-based)'),
    size_label: z.string().describe('The size this file is, e.g. `112x112`'),
    twitch_asset_type: twitchAssetTypeSchema.describe('The Twitch layout the asset was made with'),
    pack_type: packTypeSchema.nullable().describe('The pack the asset was made for, if any'),
    request_prompt: z
      .string()
      .nullable()
      .describe('The streamer’s own words for the generation; null when they gave none (a pack without a theme)'),
    legibility_explanation: z
      .string()
      .nullable()
      .describe('Why the emote or badge got its `viral_score` (legibility at its smallest chat size)'),
    sha256: z.string().describe('Hex SHA-256 of the file'),
    credit: assetCreditSchema
      .nullable()
      .optional()
      .describe('Made from a viewer’s idea: the viewer it credits (absent or null otherwise)'),
  })
  .meta({ id: 'GenerationParams' });
export type GenerationParams = z.infer<typeof generationParamsSchema>;

export const assetSchema = z
  .object({
    id: uuidSchema,
    user_id: uuidSchema,
    job_id: uuidSchema,
    brand_kit_id: uuidSchema.nullable(),
    asset_type: anyAssetTypeSchema,
    width: z.number().int(),
    height: z.number().int(),
    format: imageFormatSchema,
    url: z.string().describe('Where the owner loads the file from (an unguessable storage URL)'),
    storage_path: z.string().nullable(),
    thumbnail_url: z
      .string()
      .nullable()
      .describe('A WebP at most 480 px on its longest side, for tiles; null when the file itself is that small'),
    file_size: z.number().int().nullable().describe('Bytes'),
    is_public: z
      .boolean()
      .describe(
        'Published: served without sign-in at `/api/v1/asset/{id}` and shown on the panel. New designs start private.',
      ),
    prompt_used: z.string().nullable(),
    generation_params: generationParamsSchema,
    viral_score: z
      .number()
      .int()
      .min(0)
      .max(100)
      .nullable()
      .describe('Legibility score (0–100) of an emote or badge at its smallest chat size; null for other types'),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'Asset' });
export type AssetResponse = z.infer<typeof assetSchema>;

export const listAssetsQuerySchema = cursorPageQuerySchema.extend({
  asset_type: anyAssetTypeSchema.optional(),
  brand_kit_id: uuidSchema.optional(),
  job_id: uuidSchema.optional(),
  visibility: z.enum(['public', 'private']).optional(),
});
export type ListAssetsQuery = z.infer<typeof listAssetsQuerySchema>;

export const assetListSchema = z
  .object({
    assets: z.array(assetSchema),
    next_cursor: z.string().nullable().describe('Pass back as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'AssetList' });

export const deleteAssetQuerySchema = z.object({
  permanent: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('`true` removes the asset and its file at once, without the undo period'),
});

export const assetDeletionSchema = z
  .object({
    id: uuidSchema,
    deleted_at: isoDateTimeSchema,
    restorable_until: isoDateTimeSchema
      .nullable()
      .describe('Until when `POST /assets/{id}/restore` brings it back; null when deleted permanently'),
  })
  .meta({ id: 'AssetDeletion' });

export const visibilityBodySchema = z.object({ is_public: z.boolean() }).meta({ id: 'AssetVisibilityRequest' });

/** The most files one publication request may name: a library page's worth of designs at every size. */
export const DESIGN_VISIBILITY_MAX_ASSETS = 200;

export const designsVisibilityBodySchema = z
  .object({
    asset_ids: z
      .array(uuidSchema)
      .min(1)
      .max(DESIGN_VISIBILITY_MAX_ASSETS)
      .describe('Any file of each design to change; every size of that design changes with it'),
    is_public: z.boolean().describe('`true` publishes the designs (the panel shows them); `false` makes them private'),
  })
  .meta({ id: 'DesignsVisibilityRequest' });

export const designsVisibilitySchema = z
  .object({
    assets: z.array(assetSchema).describe('Every file of the designs named, as they now are'),
  })
  .meta({ id: 'DesignsVisibility' });

export const assetSummarySchema = z
  .object({
    designs: z
      .number()
      .int()
      .describe('Designs in the library: one variation of one generation, whatever its number of sizes'),
    published_designs: z.number().int().describe('Designs viewers see on the channel’s panel and through public links'),
  })
  .meta({ id: 'AssetSummary' });
export type AssetSummaryResponse = z.infer<typeof assetSummarySchema>;

/** What anyone may see of a public asset: no owner, job, storage or prompt details. */
export const publicAssetSchema = z
  .object({
    id: uuidSchema,
    asset_type: anyAssetTypeSchema,
    width: z.number().int(),
    height: z.number().int(),
    format: imageFormatSchema,
    file_size: z.number().int().nullable(),
    image_url: z.string().describe('The image itself: `GET /api/v1/asset/{id}/image`'),
    ai_generated: z.boolean(),
    style_preset: stylePresetSchema.nullable(),
    viral_score: z.number().int().nullable(),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'PublicAsset' });
export type PublicAssetResponse = z.infer<typeof publicAssetSchema>;

const notFoundNote = 'Private, deleted and missing assets answer the same 404.';

export const assetEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/v1/assets',
    tag: 'Assets',
    summary: 'List your assets, newest first',
    description: 'Filters combine. Cursor pagination: pass `next_cursor` back as `cursor`.',
    auth: 'user',
    query: listAssetsQuerySchema,
    response: assetListSchema,
  }),
  summary: defineEndpoint({
    method: 'GET',
    path: '/api/v1/assets/summary',
    tag: 'Assets',
    summary: 'How many designs you have made, and how many you have published',
    description: 'Counts designs, not files: an emote’s three sizes are one design. Deleted designs do not count.',
    auth: 'user',
    response: assetSummarySchema,
  }),
  setDesignsVisibility: defineEndpoint({
    method: 'POST',
    path: '/api/v1/assets/visibility',
    tag: 'Assets',
    summary: 'Publish designs, or make them private, in one action',
    description:
      'New designs are private until published. Each id names a design through any of its files; every size of ' +
      'that design changes together. Making designs private moves their files to new addresses, as ' +
      '`PUT /api/v1/assets/{id}/visibility` does. 404 when any id is not one of your live assets (nothing changes then).',
    auth: 'user',
    body: designsVisibilityBodySchema,
    response: designsVisibilitySchema,
    errors: [404],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/v1/assets/{id}',
    tag: 'Assets',
    summary: 'Get one of your assets',
    auth: 'user',
    params: idParamsSchema,
    response: assetSchema,
    errors: [404],
  }),
  downloadDesign: defineEndpoint({
    method: 'GET',
    path: '/api/v1/assets/{id}/download',
    tag: 'Assets',
    summary: 'Download every size of a design as one zip',
    description:
      'The design the asset belongs to, at every size it was made (`emote_112x112.png`, `emote_56x56.png`, …), and a ' +
      'README.txt with where to upload it and each file beside the destination’s upload limit.',
    auth: 'user',
    params: idParamsSchema,
    responseKind: 'binary',
    errors: [404],
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/api/v1/assets/{id}',
    tag: 'Assets',
    summary: 'Delete an asset (undoable for a grace period)',
    description:
      'The asset disappears from the library at once. Until `restorable_until` (ASSET_DELETE_GRACE_SECONDS) ' +
      '`POST /api/v1/assets/{id}/restore` brings it back; after that a background job removes the row and its ' +
      'file. `?permanent=true` removes both at once.',
    auth: 'user',
    params: idParamsSchema,
    query: deleteAssetQuerySchema,
    response: assetDeletionSchema,
    errors: [404],
  }),
  restore: defineEndpoint({
    method: 'POST',
    path: '/api/v1/assets/{id}/restore',
    tag: 'Assets',
    summary: 'Undo the deletion of an asset during its grace period',
    auth: 'user',
    params: idParamsSchema,
    response: assetSchema,
    errors: [404],
  }),
  setVisibility: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/assets/{id}/visibility',
    tag: 'Assets',
    summary: 'Make an asset public or private',
    description:
      'Making a public asset private also moves its file to a new `url` (and `storage_path`): file links work without signing in, so a link shared while the asset was public stops working.',
    auth: 'user',
    params: idParamsSchema,
    body: visibilityBodySchema,
    response: assetSchema,
    errors: [404],
  }),
  getPublic: defineEndpoint({
    method: 'GET',
    path: '/api/v1/asset/{id}',
    tag: 'Assets',
    summary: 'A public asset’s metadata (no sign-in)',
    description: `Cacheable: answers an ETag and \`Cache-Control: public\`, and 304 to a matching If-None-Match. ${notFoundNote}`,
    auth: 'none',
    params: idParamsSchema,
    response: publicAssetSchema,
    errors: [404],
  }),
  getPublicImage: defineEndpoint({
    method: 'GET',
    path: '/api/v1/asset/{id}/image',
    tag: 'Assets',
    summary: 'A public asset’s image file (no sign-in)',
    description: `The PNG or JPEG itself, with an ETag (its SHA-256) and \`Cache-Control: public\`; 304 to a matching If-None-Match. With signed file URLs (\`STORAGE_SIGNED_URLS\`), a 302 to the file's signed, expiring URL in the object store instead. ${notFoundNote}`,
    auth: 'none',
    params: idParamsSchema,
    responseKind: 'binary',
    errors: [404],
  }),
};
