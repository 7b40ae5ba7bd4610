/**
 * The extended brand kit sections (colors, typography, voice, guidelines). Each is read whole and
 * replaced whole (`PUT` validates the entire section), so every field has a default a designer can
 * leave out.
 */
import { z } from 'zod';
import { hexColorSchema, PALETTE_MAX_COLORS } from './color.schema';

/** The fixed list of brand tones, shared by the kit's `tone` and its voice section. */
export const brandToneSchema = z
  .enum(['professional', 'competitive', 'casual', 'educational', 'comedic', 'inspirational', 'edgy', 'wholesome'])
  .meta({ id: 'BrandTone', description: 'Overall tone of the brand; `professional` by default' });
export type BrandTone = z.infer<typeof brandToneSchema>;

/** A family name as a designer types it: letters, digits, spaces and `'-_.&`. */
export const fontFamilySchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N} '\-_.&]+$/u, { message: "letters, digits, spaces and ' - _ . & only" })
  .meta({ description: 'Font family name, e.g. `Montserrat`', example: 'Montserrat' });

const shortText = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------- colors

export const paletteColorSchema = z
  .object({
    hex: hexColorSchema,
    name: shortText(40).describe('What the team calls the colour, e.g. `Hype Purple` (1–40 characters)'),
    usage: z
      .string()
      .trim()
      .max(200)
      .nullable()
      .default(null)
      .describe('Where the colour is used, e.g. `backgrounds, alert frames` (at most 200 characters)'),
  })
  .meta({ id: 'BrandPaletteColor' });
export type PaletteColor = z.infer<typeof paletteColorSchema>;

const palette = (role: string) =>
  z
    .array(paletteColorSchema)
    .max(PALETTE_MAX_COLORS)
    .default([])
    .describe(`${role} colours, most important first (at most ${PALETTE_MAX_COLORS})`);

export const gradientStopSchema = z.object({
  color: hexColorSchema,
  position: z.number().int().min(0).max(100).describe('Position along the gradient, 0–100 %'),
});

export const gradientSchema = z
  .object({
    name: shortText(40).describe('Name of the gradient (1–40 characters)'),
    type: z.enum(['linear', 'radial']).default('linear'),
    angle: z
      .number()
      .int()
      .min(0)
      .max(360)
      .default(90)
      .describe('Direction of a linear gradient in degrees (0 = upwards, 90 = to the right)'),
    stops: z
      .array(gradientStopSchema)
      .min(2)
      .max(8)
      .refine(
        (stops) => stops.every((stop, index) => index === 0 || stop.position >= (stops[index - 1]?.position ?? 0)),
        {
          message: 'stop positions must not decrease',
        },
      )
      .describe('2–8 colour stops in increasing position'),
  })
  .meta({ id: 'BrandGradient' });
export type Gradient = z.infer<typeof gradientSchema>;

export const brandColorsSchema = z
  .object({
    primary: palette('Main brand'),
    secondary: palette('Supporting'),
    accent: palette('Highlight (calls to action, alerts)'),
    neutral: palette('Background and text'),
    gradients: z.array(gradientSchema).max(6).default([]).describe('Named gradients (at most 6)'),
  })
  .meta({
    id: 'BrandKitColors',
    description: "The full colour system. Writing it also sets the kit's `primary_colors` and `accent_colors`.",
  });
export type BrandColors = z.infer<typeof brandColorsSchema>;

// ---------------------------------------------------------------- typography

export const textStyleSchema = z
  .object({
    family: fontFamilySchema,
    weight: z
      .number()
      .int()
      .min(100)
      .max(900)
      .multipleOf(100)
      .default(400)
      .describe('CSS font weight, 100–900 in steps of 100'),
    style: z.enum(['normal', 'italic']).default('normal'),
    size_px: z.number().int().min(6).max(400).describe('Reference size in pixels at 1080p, 6–400'),
    line_height: z.number().min(0.8).max(3).default(1.2).describe('Line height as a multiple of the size, 0.8–3'),
    letter_spacing_em: z.number().min(-0.1).max(0.5).default(0).describe('Tracking in em, −0.1–0.5'),
    text_transform: z.enum(['none', 'uppercase', 'lowercase', 'capitalize']).default('none'),
  })
  .meta({ id: 'BrandTextStyle' });
export type TextStyle = z.infer<typeof textStyleSchema>;

const textLevel = (role: string) =>
  textStyleSchema.nullable().default(null).describe(`${role}; null when the brand does not define it`);

export const brandTypographySchema = z
  .object({
    display: textLevel('Largest text: overlays, starting-soon screens'),
    headline: textLevel('Titles: thumbnails, banners, panels'),
    body: textLevel('Running text: panels, descriptions'),
    caption: textLevel('Small print: labels, credits'),
  })
  .meta({
    id: 'BrandKitTypography',
    description: "Type scale. Writing it also sets the kit's `fonts` (headline and body families).",
  });
export type BrandTypography = z.infer<typeof brandTypographySchema>;

// ---------------------------------------------------------------- voice

export const brandVoiceSchema = z
  .object({
    tone: brandToneSchema.default('professional'),
    personality_traits: z
      .array(shortText(30))
      .max(5)
      .default([])
      .describe('Up to 5 traits, e.g. `chaotic`, `wholesome`, `tryhard` (1–30 characters each)'),
    tagline: z.string().trim().max(100).nullable().default(null).describe('Channel tagline (at most 100 characters)'),
    catchphrases: z
      .array(shortText(100))
      .max(10)
      .default([])
      .describe('Up to 10 catchphrases chat knows the streamer by (1–100 characters each)'),
  })
  .meta({ id: 'BrandKitVoice', description: "How the brand speaks. Writing it also sets the kit's `tone`." });
export type BrandVoice = z.infer<typeof brandVoiceSchema>;

// ---------------------------------------------------------------- guidelines

export const colorRatiosSchema = z
  .object({
    primary: z.number().int().min(0).max(100),
    secondary: z.number().int().min(0).max(100),
    accent: z.number().int().min(0).max(100),
    neutral: z.number().int().min(0).max(100),
  })
  .refine((ratios) => ratios.primary + ratios.secondary + ratios.accent + ratios.neutral === 100, {
    message: 'the four ratios must add up to 100',
  })
  .meta({
    id: 'BrandColorRatios',
    description: 'Share of a design each palette should cover, in %, adding up to 100 (60/30/10 by default)',
  });

const ruleList = (what: string) =>
  z.array(shortText(200)).max(10).default([]).describe(`Up to 10 ${what} (1–200 characters each)`);

export const brandGuidelinesSchema = z
  .object({
    logo_min_size_px: z
      .number()
      .int()
      .min(16)
      .max(1024)
      .default(48)
      .describe('Smallest size the logo may be shown at, in pixels (16–1024)'),
    logo_clear_space_ratio: z
      .number()
      .min(0)
      .max(1)
      .default(0.25)
      .describe('Empty space kept around the logo, as a fraction of its height (0–1)'),
    color_ratios: colorRatiosSchema.default({ primary: 60, secondary: 30, accent: 10, neutral: 0 }),
    dos: ruleList("do's"),
    donts: ruleList("don'ts"),
    style_reference: z
      .string()
      .trim()
      .max(500)
      .nullable()
      .default(null)
      .describe('Art direction in words, e.g. `neon cyberpunk, thick outlines` (at most 500 characters)'),
  })
  .meta({
    id: 'BrandKitGuidelines',
    description: "Usage rules. Writing it also sets the kit's `style_reference`.",
  });
export type BrandGuidelines = z.infer<typeof brandGuidelinesSchema>;
