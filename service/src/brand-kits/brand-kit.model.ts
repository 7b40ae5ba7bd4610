import { Schema, type Connection, type Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';
import type {
  BrandKitFonts,
  BrandColors,
  BrandGuidelines,
  BrandTone,
  BrandTypography,
  BrandVoice,
  LogoFormat,
  LogoType,
} from '@aurastream/contract';

/** A logo file as stored in the kit's `logos` map. */
export interface StoredLogo {
  /** Storage key; unique per upload, so a replaced logo never reuses a URL. */
  storage_key: string;
  format: LogoFormat;
  content_type: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  file_size: number;
  filename: string | null;
  uploaded_at: Date;
}

export type StoredLogos = Partial<Record<LogoType, StoredLogo>>;

/**
 * The `brand_kits` collection: the spec's columns, plus `guidelines` (the guidelines section; the
 * spec keeps no column for it). `logos` maps a logo type to its file; `logo_url` mirrors the URL of
 * the logo generated assets carry.
 */
export interface BrandKitFields {
  user_id: string;
  name: string;
  is_active: boolean;
  primary_colors: string[];
  accent_colors: string[];
  tone: BrandTone;
  fonts: BrandKitFonts;
  logo_url: string | null;
  colors_extended: BrandColors | null;
  typography: BrandTypography | null;
  voice: BrandVoice | null;
  guidelines: BrandGuidelines | null;
  logos: StoredLogos;
  style_reference: string | null;
  default_logo_type: LogoType;
  created_at: Date;
  updated_at: Date;
}

export type BrandKitDocument = StoredDocument<BrandKitFields>;

// sections and logos are validated by the zod schemas before they get here; stored as given
const brandKitSchema = defineSchema<BrandKitFields>(
  {
    user_id: { type: String, required: true },
    name: { type: String, required: true, maxlength: 100 },
    is_active: { type: Boolean, default: false },
    primary_colors: { type: [String], default: [] },
    accent_colors: { type: [String], default: [] },
    tone: { type: String, default: 'professional' },
    fonts: { type: Schema.Types.Mixed, default: () => ({}) },
    logo_url: { type: String, default: null },
    colors_extended: { type: Schema.Types.Mixed, default: null },
    typography: { type: Schema.Types.Mixed, default: null },
    voice: { type: Schema.Types.Mixed, default: null },
    guidelines: { type: Schema.Types.Mixed, default: null },
    logos: { type: Schema.Types.Mixed, default: () => ({}) },
    style_reference: { type: String, default: null },
    default_logo_type: { type: String, default: 'primary' },
  },
  { collection: 'brand_kits' },
);

// the list (a user's kits, newest first) and every owner-scoped lookup
brandKitSchema.index({ user_id: 1, created_at: -1 });
// at most one active kit per user, enforced by the database even when activations race
brandKitSchema.index(
  { user_id: 1 },
  { unique: true, partialFilterExpression: { is_active: true }, name: 'one_active_brand_kit_per_user' },
);

export type BrandKitModel = Model<BrandKitDocument>;

export function registerBrandKitModel(connection: Connection): BrandKitModel {
  return connection.model<BrandKitDocument>('BrandKit', brandKitSchema);
}
