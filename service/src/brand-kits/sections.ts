/**
 * The extended sections and the kit's core columns describe the same brand at two levels of detail.
 * These pure functions keep them in step: a section a kit never stored is derived from its core
 * columns, writing a section updates the core columns it covers, and a core update carries into the
 * sections already stored.
 */
import type { BrandKitFields } from './brand-kit.model';
import type {
  BrandKitFonts,
  UpdateBrandKitBody,
  BrandColors,
  BrandGuidelines,
  BrandTypography,
  BrandVoice,
  PaletteColor,
  TextStyle,
} from '@aurastream/contract';
import type { BrandKitChanges } from './brand-kit.repository';

type CoreFields = Pick<BrandKitFields, 'primary_colors' | 'accent_colors' | 'tone' | 'fonts' | 'style_reference'>;

export const DEFAULT_FONT_FAMILY = 'Inter';

function paletteOf(hexes: string[], role: string, existing: PaletteColor[] = []): PaletteColor[] {
  return hexes.map((hex, index) => {
    const known = existing.find((color) => color.hex === hex);
    return known ?? { hex, name: `${role} ${index + 1}`, usage: null };
  });
}

function textStyle(family: string, weight: number, sizePx: number, lineHeight: number): TextStyle {
  return {
    family,
    weight,
    style: 'normal',
    size_px: sizePx,
    line_height: lineHeight,
    letter_spacing_em: 0,
    text_transform: 'none',
  };
}

export function defaultColors(kit: CoreFields): BrandColors {
  return {
    primary: paletteOf(kit.primary_colors, 'Primary'),
    secondary: [],
    accent: paletteOf(kit.accent_colors, 'Accent'),
    neutral: [
      { hex: '#0E0E10', name: 'Background', usage: 'backgrounds' },
      { hex: '#EFEFF1', name: 'Text', usage: 'text on dark backgrounds' },
    ],
    gradients: [],
  };
}

export function defaultTypography(kit: CoreFields): BrandTypography {
  const headline = kit.fonts.headline ?? DEFAULT_FONT_FAMILY;
  const body = kit.fonts.body ?? DEFAULT_FONT_FAMILY;
  return {
    display: textStyle(headline, 800, 72, 1.1),
    headline: textStyle(headline, 700, 48, 1.15),
    body: textStyle(body, 400, 18, 1.5),
    caption: textStyle(body, 500, 14, 1.4),
  };
}

export function defaultVoice(kit: CoreFields): BrandVoice {
  return { tone: kit.tone, personality_traits: [], tagline: null, catchphrases: [] };
}

export function defaultGuidelines(kit: CoreFields): BrandGuidelines {
  return {
    logo_min_size_px: 48,
    logo_clear_space_ratio: 0.25,
    color_ratios: { primary: 60, secondary: 30, accent: 10, neutral: 0 },
    dos: [],
    donts: [],
    style_reference: kit.style_reference,
  };
}

/** The core columns a written section covers. */
export function coreFromColors(colors: BrandColors): BrandKitChanges {
  return {
    primary_colors: colors.primary.map((color) => color.hex),
    accent_colors: colors.accent.map((color) => color.hex),
  };
}

export function coreFromTypography(typography: BrandTypography, current: BrandKitFonts): BrandKitChanges {
  const fonts: BrandKitFonts = { ...current };
  const headline = typography.headline?.family ?? typography.display?.family;
  if (headline) {
    fonts.headline = headline;
  }
  if (typography.body) {
    fonts.body = typography.body.family;
  }
  return { fonts };
}

export function coreFromVoice(voice: BrandVoice): BrandKitChanges {
  return { tone: voice.tone };
}

export function coreFromGuidelines(guidelines: BrandGuidelines): BrandKitChanges {
  return { style_reference: guidelines.style_reference };
}

type StoredSections = Pick<BrandKitFields, 'colors_extended' | 'typography' | 'voice' | 'guidelines'>;

function withFamily(level: TextStyle | null, family: string | undefined, fallback: TextStyle | null): TextStyle | null {
  if (!family) {
    return level;
  }
  return level ? { ...level, family } : fallback && { ...fallback, family };
}

/**
 * A core update, plus what it changes in the sections the kit has stored (sections never stored
 * keep following the core columns through their defaults).
 */
export function changesForCoreUpdate(kit: CoreFields & StoredSections, update: UpdateBrandKitBody): BrandKitChanges {
  const changes: BrandKitChanges = { ...update };
  const next: CoreFields = { ...kit, ...update };
  if (kit.colors_extended && (update.primary_colors || update.accent_colors)) {
    changes.colors_extended = {
      ...kit.colors_extended,
      primary: paletteOf(next.primary_colors, 'Primary', kit.colors_extended.primary),
      accent: paletteOf(next.accent_colors, 'Accent', kit.colors_extended.accent),
    };
  }
  if (kit.typography && update.fonts) {
    const defaults = defaultTypography(next);
    changes.typography = {
      ...kit.typography,
      headline: withFamily(kit.typography.headline, update.fonts.headline, defaults.headline),
      body: withFamily(kit.typography.body, update.fonts.body, defaults.body),
    };
  }
  if (kit.voice && update.tone) {
    changes.voice = { ...kit.voice, tone: update.tone };
  }
  if (kit.guidelines && update.style_reference !== undefined) {
    changes.guidelines = { ...kit.guidelines, style_reference: update.style_reference };
  }
  return changes;
}
