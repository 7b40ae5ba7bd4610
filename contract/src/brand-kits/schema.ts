/**
 * The brand kit API: 7 core, 8 extended-section and 5 logo endpoints under
 * `/api/v1/brand-kits`, on the `brand_kits` collection's columns.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { idParamsSchema, isoDateTimeSchema, uuidSchema } from '../core/common';
import { hexColorSchema, PALETTE_MAX_COLORS } from './color.schema';
import {
  brandColorsSchema,
  brandGuidelinesSchema,
  brandToneSchema,
  brandTypographySchema,
  brandVoiceSchema,
  fontFamilySchema,
} from './section.schema';
import {
  brandKitLogoListSchema,
  brandKitLogoSchema,
  logoParamsSchema,
  logoTypeSchema,
  setDefaultLogoBodySchema,
  uploadLogoFormSchema,
} from './logo.schema';

export * from './color.schema';
export * from './section.schema';
export * from './logo.schema';

export const brandKitFontsSchema = z
  .object({
    headline: fontFamilySchema.optional().describe('Family for titles and big text'),
    body: fontFamilySchema.optional().describe('Family for running text'),
  })
  .meta({ id: 'BrandKitFonts' });
export type BrandKitFonts = z.infer<typeof brandKitFontsSchema>;

const colorList = (what: string) =>
  z
    .array(hexColorSchema)
    .max(PALETTE_MAX_COLORS)
    .describe(`${what} as hex colours, most important first (at most ${PALETTE_MAX_COLORS})`);

const nameSchema = z.string().trim().min(1).max(100).describe('Name of the kit (1–100 characters)');
const styleReferenceSchema = z
  .string()
  .trim()
  .max(500)
  .nullable()
  .describe('Art direction in words, e.g. `neon cyberpunk, thick outlines` (at most 500 characters)');

export const createBrandKitBodySchema = z
  .object({
    name: nameSchema,
    primary_colors: colorList('Main brand colours').default([]),
    accent_colors: colorList('Highlight colours').default([]),
    tone: brandToneSchema.default('professional'),
    fonts: brandKitFontsSchema.default({}),
    style_reference: styleReferenceSchema.default(null),
  })
  .meta({ id: 'CreateBrandKitRequest' });

/** A partial update: only the fields sent change. */
export const updateBrandKitBodySchema = z
  .object({
    name: nameSchema.optional(),
    primary_colors: colorList('Main brand colours').optional(),
    accent_colors: colorList('Highlight colours').optional(),
    tone: brandToneSchema.optional(),
    fonts: brandKitFontsSchema.optional(),
    style_reference: styleReferenceSchema.optional(),
  })
  .meta({ id: 'UpdateBrandKitRequest' });
export type UpdateBrandKitBody = z.infer<typeof updateBrandKitBodySchema>;

export const brandKitLogosSchema = z
  .object({
    primary: brandKitLogoSchema.nullable(),
    secondary: brandKitLogoSchema.nullable(),
    icon: brandKitLogoSchema.nullable(),
    monochrome: brandKitLogoSchema.nullable(),
    watermark: brandKitLogoSchema.nullable(),
  })
  .meta({ id: 'BrandKitLogos', description: 'Every logo type, null when not uploaded' });

/** A `brand_kits` row as the API answers it. */
export const brandKitSchema = z
  .object({
    id: uuidSchema,
    user_id: uuidSchema,
    name: z.string(),
    is_active: z.boolean().describe('The kit used when a generation names none; at most one per user'),
    primary_colors: z.array(z.string()).describe('Upper-case `#RRGGBB`'),
    accent_colors: z.array(z.string()).describe('Upper-case `#RRGGBB`'),
    tone: brandToneSchema,
    fonts: brandKitFontsSchema,
    logo_url: z.string().nullable().describe('URL of the default logo (else the primary one), null without logos'),
    colors_extended: brandColorsSchema.nullable().describe('The colors section, null until written'),
    typography: brandTypographySchema.nullable().describe('The typography section, null until written'),
    voice: brandVoiceSchema.nullable().describe('The voice section, null until written'),
    guidelines: brandGuidelinesSchema.nullable().describe('The guidelines section, null until written'),
    logos: brandKitLogosSchema,
    style_reference: z.string().nullable(),
    default_logo_type: logoTypeSchema,
    created_at: isoDateTimeSchema,
    updated_at: isoDateTimeSchema,
  })
  .meta({ id: 'BrandKit' });
/** A brand kit on the wire (snake_case, ISO dates). */
export type BrandKit = z.infer<typeof brandKitSchema>;

export const brandKitListSchema = z
  .object({
    brand_kits: z.array(brandKitSchema).describe("The user's kits, newest first"),
    total: z.number().int(),
  })
  .meta({ id: 'BrandKitList' });
export type BrandKitList = z.infer<typeof brandKitListSchema>;

const tag = 'Brand kits';
const kitPath = '/api/v1/brand-kits/{id}';

function sectionEndpoints<S extends z.ZodType>(section: string, schema: S, what: string) {
  return {
    get: defineEndpoint({
      method: 'GET',
      path: `${kitPath}/${section}`,
      tag,
      summary: `Get the kit's ${what} (the stored section, or defaults derived from the kit)`,
      auth: 'user',
      params: idParamsSchema,
      response: schema,
      errors: [404],
    }),
    put: defineEndpoint({
      method: 'PUT',
      path: `${kitPath}/${section}`,
      tag,
      summary: `Replace the kit's ${what} (the whole section is validated)`,
      auth: 'user',
      params: idParamsSchema,
      body: schema,
      response: schema,
      errors: [404],
    }),
  };
}

const colors = sectionEndpoints('colors', brandColorsSchema, 'colour system');
const typography = sectionEndpoints('typography', brandTypographySchema, 'type scale');
const voice = sectionEndpoints('voice', brandVoiceSchema, 'brand voice');
const guidelines = sectionEndpoints('guidelines', brandGuidelinesSchema, 'usage guidelines');

export const brandKitEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/v1/brand-kits',
    tag,
    summary: 'List my brand kits, newest first',
    auth: 'user',
    response: brandKitListSchema,
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/v1/brand-kits',
    tag,
    summary: 'Create a brand kit',
    description:
      "Kits per tier are limited (`BRAND_KIT_LIMITS`); past the limit the answer is 403 `brand_kit_limit_reached` with `details: {limit, tier}`. A user's first kit becomes the active one when none is active.",
    auth: 'user',
    body: createBrandKitBodySchema,
    response: brandKitSchema,
    status: 201,
    errors: [403],
  }),
  getActive: defineEndpoint({
    method: 'GET',
    path: '/api/v1/brand-kits/active',
    tag,
    summary: 'Get my active brand kit (404 `no_active_brand_kit` when none is active)',
    auth: 'user',
    response: brandKitSchema,
    errors: [404],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: kitPath,
    tag,
    summary: 'Get a brand kit',
    auth: 'user',
    params: idParamsSchema,
    response: brandKitSchema,
    errors: [404],
  }),
  update: defineEndpoint({
    method: 'PUT',
    path: kitPath,
    tag,
    summary: 'Update a brand kit (only the fields sent change)',
    auth: 'user',
    params: idParamsSchema,
    body: updateBrandKitBodySchema,
    response: brandKitSchema,
    errors: [404],
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: kitPath,
    tag,
    summary: 'Delete a brand kit and its logo files (deleting the active kit leaves none active)',
    auth: 'user',
    params: idParamsSchema,
    status: 204,
    errors: [404],
  }),
  activate: defineEndpoint({
    method: 'POST',
    path: `${kitPath}/activate`,
    tag,
    summary: 'Make this kit the active one (the previous active kit is deactivated)',
    auth: 'user',
    params: idParamsSchema,
    response: brandKitSchema,
    errors: [404],
  }),

  getColors: colors.get,
  updateColors: colors.put,
  getTypography: typography.get,
  updateTypography: typography.put,
  getVoice: voice.get,
  updateVoice: voice.put,
  getGuidelines: guidelines.get,
  updateGuidelines: guidelines.put,

  listLogos: defineEndpoint({
    method: 'GET',
    path: `${kitPath}/logos`,
    tag,
    summary: "List the kit's logos",
    auth: 'user',
    params: idParamsSchema,
    response: brandKitLogoListSchema,
    errors: [404],
  }),
  uploadLogo: defineEndpoint({
    method: 'POST',
    path: `${kitPath}/logos`,
    tag,
    summary: 'Upload (or replace) a logo',
    description:
      '`multipart/form-data` with `file` and `logo_type`. PNG, JPEG and WebP are accepted, recognised by their bytes (the file name and declared type are ignored); SVG is refused because it can carry scripts. Too large: 413. A malformed form: 400 `malformed_multipart`.',
    auth: 'user',
    params: idParamsSchema,
    multipart: true,
    body: uploadLogoFormSchema,
    response: brandKitLogoSchema,
    status: 201,
    errors: [400, 404, 413, 415],
  }),
  getLogo: defineEndpoint({
    method: 'GET',
    path: `${kitPath}/logos/{type}`,
    tag,
    summary: "Get one logo's details and URL (404 `logo_not_found` when not uploaded)",
    auth: 'user',
    params: logoParamsSchema,
    response: brandKitLogoSchema,
    errors: [404],
  }),
  deleteLogo: defineEndpoint({
    method: 'DELETE',
    path: `${kitPath}/logos/{type}`,
    tag,
    summary: 'Delete a logo and its file',
    auth: 'user',
    params: logoParamsSchema,
    status: 204,
    errors: [404],
  }),
  setDefaultLogo: defineEndpoint({
    method: 'PUT',
    path: `${kitPath}/logos/default`,
    tag,
    summary: 'Choose which uploaded logo generated assets carry',
    auth: 'user',
    params: idParamsSchema,
    body: setDefaultLogoBodySchema,
    response: brandKitLogoListSchema,
    errors: [404],
  }),
};
