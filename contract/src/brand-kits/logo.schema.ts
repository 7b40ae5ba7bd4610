import { z } from 'zod';
import { isoDateTimeSchema, uuidSchema } from '../core/common';

/** The 5 logo types a brand kit holds. */
export const logoTypeSchema = z
  .enum(['primary', 'secondary', 'icon', 'monochrome', 'watermark'])
  .meta({ id: 'LogoType' });
export type LogoType = z.infer<typeof logoTypeSchema>;
export const logoTypes = logoTypeSchema.options;

/** Image formats accepted as logos, recognised by their bytes (SVG is refused: it can carry scripts). */
export const logoFormatSchema = z.enum(['png', 'jpeg', 'webp']).meta({ id: 'LogoFormat' });
export type LogoFormat = z.infer<typeof logoFormatSchema>;

export const brandKitLogoSchema = z
  .object({
    logo_type: logoTypeSchema,
    url: z.string().describe('URL the image loads from; it changes whenever the logo is replaced'),
    format: logoFormatSchema,
    content_type: z.enum(['image/png', 'image/jpeg', 'image/webp']),
    width: z.number().int().describe('Width in pixels'),
    height: z.number().int().describe('Height in pixels'),
    file_size: z.number().int().describe('Size in bytes'),
    filename: z.string().nullable().describe('Name of the uploaded file, for display'),
    uploaded_at: isoDateTimeSchema,
  })
  .meta({ id: 'BrandKitLogo' });
export type BrandKitLogoResponse = z.infer<typeof brandKitLogoSchema>;

export const brandKitLogoListSchema = z
  .object({
    brand_kit_id: uuidSchema,
    default_logo_type: logoTypeSchema.describe('Logo placed on generated assets (falls back to `primary` when absent)'),
    logos: z.array(brandKitLogoSchema).describe('Uploaded logos, in the order of the logo types'),
  })
  .meta({ id: 'BrandKitLogoList' });
export type BrandKitLogoListResponse = z.infer<typeof brandKitLogoListSchema>;

export const logoParamsSchema = z.object({ id: uuidSchema, type: logoTypeSchema });

/** Documents the multipart form of a logo upload (the route parses it with busboy). */
export const uploadLogoFormSchema = z
  .object({
    file: z.string().meta({
      format: 'binary',
      description:
        'PNG, JPEG or WebP, recognised by content; at most `UPLOAD_MAX_BYTES` (10 MB by default) and 8192 px a side',
    }),
    logo_type: logoTypeSchema,
  })
  .meta({ id: 'UploadLogoForm' });

export const setDefaultLogoBodySchema = z
  .object({ logo_type: logoTypeSchema.describe('An uploaded logo type') })
  .meta({ id: 'SetDefaultLogoRequest' });
