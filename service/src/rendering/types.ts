import type { AnyAssetType, StylePreset } from '@aurastream/contract';

/** The parts of a brand kit that shape an image. */
export interface BrandStyle {
  name: string;
  /** Hex colours, most important first (`#RRGGBB`). */
  primary_colors: string[];
  accent_colors: string[];
  /** e.g. `competitive`, `casual`, `educational`, `comedic`, `professional`. */
  tone: string;
  /** Font family names the streamer chose (headline, body); the renderer maps them to shipped fonts. */
  fonts: { headline?: string; body?: string };
  /** PNG/JPEG/WebP bytes of the logo to place, if any. */
  logo: Buffer | null;
  style_reference: string | null;
}

/** Twitch channel facts that personalise an image (from Helix, when Twitch is connected). */
export interface ChannelStyleContext {
  broadcaster_name: string;
  category_name: string | null;
  title: string | null;
}

export interface RenderRequest {
  asset_type: AnyAssetType;
  /** The streamer's prompt (or the coach's refined prompt). */
  prompt: string;
  style_preset: StylePreset | null;
  /** Text to draw (an emote's word, a banner's channel name); derived from the prompt when null. */
  text: string | null;
  /** 0-based index of the variation among those requested, so variations differ. */
  variation: number;
  /** Stable seed (e.g. the job id): the same request renders the same image. */
  seed: string;
  brand: BrandStyle | null;
  channel: ChannelStyleContext | null;
}

/** One output file at one of the sizes Twitch needs for the asset type. */
export interface RenderedFile {
  width: number;
  height: number;
  format: 'png' | 'jpeg';
  data: Buffer;
  /** e.g. `112x112`: names the file within the asset. */
  size_label: string;
}

/** How readable an emote or badge is at its smallest size. */
export interface LegibilityScore {
  /** 0–100; stored in the asset's `viral_score` column. */
  score: number;
  explanation: string;
}

export interface RenderResult {
  /** Every size Twitch needs for the type, largest first, each within Twitch's byte limit. */
  files: RenderedFile[];
  /** Which engine made it, so the library can label AI-made work. */
  provider: 'builtin' | 'openai';
  model: string | null;
  /** Only for emotes, badges and channel-point-sized assets. */
  legibility: LegibilityScore | null;
  /** The prompt actually sent to the engine (after brand and channel context were added). */
  prompt_used: string;
  /** Each line of text written on the image, when the engine knows it (the built-in renderer does). */
  text_drawn: string[] | null;
}

/** An image engine: the built-in renderer or an AI model. */
export interface ImageProvider {
  readonly name: 'builtin' | 'openai';
  render(request: RenderRequest, signal?: AbortSignal): Promise<RenderResult>;
}
