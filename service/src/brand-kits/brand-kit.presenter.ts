import type { StoredLogo } from './brand-kit.model';
import type { BrandKitEntity } from './brand-kit.repository';
import {
  logoTypes,
  type BrandKitLogoListResponse,
  type BrandKitLogoResponse,
  type LogoType,
  type BrandKit,
} from '@aurastream/contract';

/** Turns a storage key into the URL a browser loads it from. */
export type FileUrl = (key: string) => string;

/** The logo generated assets carry: the default type's, else the primary one. */
export function effectiveLogo(kit: Pick<BrandKitEntity, 'logos' | 'default_logo_type'>): StoredLogo | null {
  return kit.logos[kit.default_logo_type] ?? kit.logos.primary ?? null;
}

export function effectiveLogoUrl(
  kit: Pick<BrandKitEntity, 'logos' | 'default_logo_type'>,
  fileUrl: FileUrl,
): string | null {
  const logo = effectiveLogo(kit);
  return logo ? fileUrl(logo.storage_key) : null;
}

export function presentLogo(type: LogoType, logo: StoredLogo, fileUrl: FileUrl): BrandKitLogoResponse {
  return {
    logo_type: type,
    url: fileUrl(logo.storage_key),
    format: logo.format,
    content_type: logo.content_type,
    width: logo.width,
    height: logo.height,
    file_size: logo.file_size,
    filename: logo.filename,
    uploaded_at: logo.uploaded_at.toISOString(),
  };
}

export function presentLogoList(kit: BrandKitEntity, fileUrl: FileUrl): BrandKitLogoListResponse {
  const logos: BrandKitLogoResponse[] = [];
  for (const type of logoTypes) {
    const logo = kit.logos[type];
    if (logo) {
      logos.push(presentLogo(type, logo, fileUrl));
    }
  }
  return { brand_kit_id: kit.id, default_logo_type: kit.default_logo_type, logos };
}

export function presentBrandKit(kit: BrandKitEntity, fileUrl: FileUrl): BrandKit {
  const logoOf = (type: LogoType) => {
    const logo = kit.logos[type];
    return logo ? presentLogo(type, logo, fileUrl) : null;
  };
  return {
    id: kit.id,
    user_id: kit.user_id,
    name: kit.name,
    is_active: kit.is_active,
    primary_colors: kit.primary_colors,
    accent_colors: kit.accent_colors,
    tone: kit.tone,
    fonts: kit.fonts,
    // derived from `logos`, which is the source of truth (the stored column is a copy)
    logo_url: effectiveLogoUrl(kit, fileUrl),
    colors_extended: kit.colors_extended,
    typography: kit.typography,
    voice: kit.voice,
    guidelines: kit.guidelines,
    logos: {
      primary: logoOf('primary'),
      secondary: logoOf('secondary'),
      icon: logoOf('icon'),
      monochrome: logoOf('monochrome'),
      watermark: logoOf('watermark'),
    },
    style_reference: kit.style_reference,
    default_logo_type: kit.default_logo_type,
    created_at: kit.created_at.toISOString(),
    updated_at: kit.updated_at.toISOString(),
  };
}
