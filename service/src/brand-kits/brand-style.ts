import type { BrandStyle } from '../rendering/types';
import type { BrandKitForGeneration } from './brand-kit.service';

/** The parts of a brand kit that shape a generated image, as the renderers take them. */
export function toBrandStyle(kit: BrandKitForGeneration): BrandStyle {
  const fonts: BrandStyle['fonts'] = {};
  if (kit.fonts.headline) {
    fonts.headline = kit.fonts.headline;
  }
  if (kit.fonts.body) {
    fonts.body = kit.fonts.body;
  }
  return {
    name: kit.name,
    primary_colors: [...kit.primary_colors],
    accent_colors: [...kit.accent_colors],
    tone: kit.tone,
    fonts,
    logo: kit.logo,
    style_reference: kit.style_reference,
  };
}
