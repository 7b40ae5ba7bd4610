/**
 * The Twitch panel extension's API: the public showcase of the streamer whose channel page a viewer
 * is on, answered to a Twitch extension JWT rather than an AuraStream session.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { isoDateTimeSchema, uuidSchema } from '../core/common';
import { anyAssetTypeSchema } from '../assets/asset-enums';
import { extensionViewerRoleSchema } from '../core/callers';
import { extensionRoutes } from './routes';
import { extensionIdeaEndpoints } from './ideas.schema';

export * from './routes';
export * from './ideas.schema';

/** Twitch channel ids are the broadcaster's numeric user id. */
export const twitchChannelIdSchema = z
  .string()
  .regex(/^\d{1,20}$/, 'must be a Twitch channel id (digits)')
  .describe("The broadcaster's Twitch user id");

/** One design in a showcase: its largest public file (an emote's 112 px rather than its 28 px). */
export const showcaseAssetSchema = z
  .object({
    id: uuidSchema,
    asset_type: anyAssetTypeSchema,
    width: z.number().int(),
    height: z.number().int(),
    url: z.string().describe('The image, served without sign-in: `GET /api/v1/asset/{id}/image`'),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'ShowcaseAsset' });
export type ShowcaseAsset = z.infer<typeof showcaseAssetSchema>;

export const showcaseBrandSchema = z
  .object({
    primary_colors: z.array(z.string()).describe('Upper-case `#RRGGBB`'),
    accent_colors: z.array(z.string()).describe('Upper-case `#RRGGBB`'),
  })
  .meta({ id: 'ShowcaseBrand' });

export const extensionPanelSchema = z
  .object({
    channel: z.object({
      display_name: z.string(),
      brand: showcaseBrandSchema
        .nullable()
        .describe("The colours of the streamer's active brand kit; null without one"),
    }),
    assets: z.array(showcaseAssetSchema).describe('Public designs, newest first (at most 60)'),
    total: z.number().int().describe('How many public designs the streamer shares in all'),
  })
  .meta({ id: 'ExtensionPanel' });
export type ExtensionPanelResponse = z.infer<typeof extensionPanelSchema>;

export const extensionDevTokenBodySchema = z
  .object({
    channel_id: twitchChannelIdSchema,
    role: extensionViewerRoleSchema.default('viewer'),
    user_id: z
      .string()
      .regex(/^\d{1,20}$/, 'must be a Twitch user id (digits)')
      .optional()
      .describe('A viewer who shared their identity with the extension (the harness’s “share identity”)'),
  })
  .meta({ id: 'ExtensionDevTokenRequest' });

export const extensionDevTokenSchema = z
  .object({
    token: z.string().describe('An extension JWT like the one Twitch hands the panel in `onAuthorized`'),
    channel_id: z.string(),
    opaque_user_id: z.string(),
    role: extensionViewerRoleSchema,
    expires_at: isoDateTimeSchema,
  })
  .meta({ id: 'ExtensionDevToken' });
export type ExtensionDevTokenResponse = z.infer<typeof extensionDevTokenSchema>;

const tag = 'Twitch extension';

export const extensionEndpoints = {
  panel: defineEndpoint({
    ...extensionRoutes.panel,
    tag,
    summary: "The channel's public AuraStream showcase, for the panel extension",
    description:
      'Needs the Twitch extension JWT the panel receives from `Twitch.ext.onAuthorized`, sent as ' +
      '`Authorization: Bearer <jwt>` or `x-extension-jwt: <jwt>` (HS256 with the extension secret; 401 ' +
      'when missing, forged or expired). Answers the public designs of the AuraStream streamer who ' +
      'connected the JWT’s `channel_id`, or 404 `channel_not_connected`. Rate-limited per viewer ' +
      '(`opaque_user_id`) and per IP; cached per channel for EXTENSION_CACHE_SECONDS. 503 ' +
      '`extension_not_configured` when the server has no extension secret (production without it).',
    auth: 'extension',
    response: extensionPanelSchema,
    errors: [401, 404, 429, 503],
  }),
  devToken: defineEndpoint({
    ...extensionRoutes.devToken,
    tag,
    summary: 'Sign a test extension JWT (development only)',
    description:
      'For the extension test harness (`/extension/`): a one-hour viewer JWT for any channel, signed with the ' +
      'development extension secret. Answers 404 `dev_tokens_disabled` in production and whenever a real ' +
      'TWITCH_EXTENSION_SECRET is configured.',
    auth: 'none',
    body: extensionDevTokenBodySchema,
    response: extensionDevTokenSchema,
    errors: [404, 429],
  }),
  ...extensionIdeaEndpoints,
};
