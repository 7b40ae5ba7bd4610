import { loadImage, type Image } from '@napi-rs/canvas';
import type { TwitchAssetType } from '@aurastream/contract';
import { darken, lighten, luminance, mix, parseHex, shiftHue, toHex } from './color';
import { dimensionsFor, type AssetDimensions } from './dimensions';
import { matchBrandFont, type FontChoice } from './fonts';
import { createRandom, type Random } from './random';
import { presetForTone, STYLE_PRESETS, type StyleSpec } from './style';
import type { RenderRequest } from './types';
import { decideCaptions } from './captions';
import { moodFor, MOODS, symbolFor, SYMBOLS, type Mood, type SymbolKind } from './words';

/** The colours one picture uses, by role. */
export interface Palette {
  main: string;
  second: string;
  accent: string;
  /** Background base. */
  dark: string;
  /** Between `dark` and `main`, for panels and depth. */
  deep: string;
  /** Text and highlights on dark. */
  light: string;
  /** Icon outlines and ink. */
  outline: string;
}

/** Everything resolved from a request before anything is drawn. */
export interface Design {
  type: TwitchAssetType;
  dims: AssetDimensions;
  style: StyleSpec;
  palette: Palette;
  headlineFont: FontChoice;
  bodyFont: FontChoice;
  random: Random;
  variation: number;
  /** Emote/badge word, or null (see `decideCaptions` for where every drawn word comes from). */
  word: string | null;
  /** The big text; empty when the image carries none. */
  headline: string;
  /** The asset type's small line under the headline. */
  subline: string | null;
  tagline: string | null;
  /** The channel's (else the brand kit's) name. */
  channelName: string | null;
  /** Letters for the emblem when there is no logo; null draws the symbol instead. */
  monogram: string | null;
  /** The channel's game or category, when Twitch is connected. */
  category: string | null;
  symbol: SymbolKind;
  mood: Mood;
  /** The mood the prompt asked for, if it named one (scenes otherwise pick one that suits them). */
  promptMood: Mood | null;
  /** Whether the prompt named a symbol (rather than a mood) first. */
  prefersSymbol: boolean;
  logo: Image | null;
}

function validColors(values: readonly string[] | undefined): string[] {
  return (values ?? []).filter((value) => parseHex(value) !== null).map((value) => toHex(parseHex(value)!));
}

function buildPalette(request: RenderRequest, style: StyleSpec, random: Random): Palette {
  const brandColors = validColors(request.brand?.primary_colors);
  const brandAccents = validColors(request.brand?.accent_colors);
  const all = [...brandColors, ...brandAccents];
  if (all.length === 0) {
    const { main, second, accent, dark, outline } = style.colors;
    // variations of an unbranded request wander around the preset's hues
    const drift = request.variation === 0 ? 0 : random.pick([-28, -14, 14, 28]);
    const shift = (color: string): string => (drift === 0 ? color : shiftHue(color, drift));
    return finishPalette(shift(main), shift(second), shift(accent), dark, outline);
  }
  // a near-black brand colour makes a dull fill: lead with the brightest of the first two
  let [main, second] = [all[0]!, all[1] ?? shiftHue(all[0]!, 150, { s: 0.75, l: 0.55 })];
  if (luminance(main) < 0.04 && luminance(second) > luminance(main)) {
    [main, second] = [second, main];
  }
  const accent = brandAccents[0] ?? all[2] ?? shiftHue(main, -50, { s: 0.85, l: 0.6 });
  const dark = mix(darken(main, 0.82), style.colors.dark, 0.35);
  return finishPalette(main, second, accent, dark, darken(main, 0.86));
}

function finishPalette(main: string, second: string, accent: string, dark: string, outline: string): Palette {
  return {
    main,
    second,
    accent,
    dark,
    deep: mix(dark, main, 0.28),
    light: lighten(mix('#ffffff', main, 0.05), 0.2),
    outline,
  };
}

/** Swaps colour roles between variations so each one reads differently. */
function rotatePalette(palette: Palette, variation: number): Palette {
  switch (variation % 4) {
    case 1:
      return { ...palette, main: palette.second, second: palette.main };
    case 2:
      return { ...palette, main: palette.accent, accent: palette.main };
    case 3:
      return { ...palette, second: palette.accent, accent: palette.second };
    default:
      return palette;
  }
}

export async function resolveDesign(request: RenderRequest): Promise<Design> {
  const dims = dimensionsFor(request.asset_type);
  const type = dims.twitch_asset_type;
  const random = createRandom(request.seed, request.variation, type);
  const presetId = request.style_preset ?? presetForTone(request.brand?.tone);
  const style = STYLE_PRESETS[presetId];
  const palette = rotatePalette(buildPalette(request, style, random), request.variation);
  const brandHeadline = matchBrandFont(request.brand?.fonts.headline);
  const brandBody = matchBrandFont(request.brand?.fonts.body);
  // a pixel-art picture needs its pixel font whatever the brand uses
  const headlineFont = style.pixelate ? style.headline : (brandHeadline ?? style.headline);
  const bodyFont = style.pixelate ? style.body : (brandBody ?? style.body);
  const captions = decideCaptions({
    type,
    prompt: request.prompt,
    text: request.text,
    channelName: request.channel?.broadcaster_name ?? null,
    brandName: request.brand?.name ?? null,
    category: request.channel?.category_name ?? null,
    streamTitle: request.channel?.title ?? null,
  });
  const promptSymbol = symbolFor(request.prompt);
  const promptMood = moodFor(request.prompt);
  const symbol = promptSymbol && request.variation < 2 ? promptSymbol : random.pick(SYMBOLS);
  const mood = promptMood && request.variation < 2 ? promptMood : random.pick(MOODS);
  let logo: Image | null = null;
  if (request.brand?.logo && request.brand.logo.length > 0) {
    // a logo that cannot be decoded is left out rather than failing the whole render
    logo = await loadImage(request.brand.logo).catch(() => null);
  }
  return {
    type,
    dims,
    style,
    palette,
    headlineFont,
    bodyFont,
    random,
    variation: request.variation,
    word: captions.word,
    headline: captions.headline,
    subline: captions.subline,
    tagline: captions.tagline,
    channelName: captions.name,
    monogram: captions.monogram,
    category: request.channel?.category_name ?? null,
    symbol,
    mood,
    promptMood,
    prefersSymbol: promptSymbol !== null && promptMood === null,
    logo,
  };
}

/** Uppercases when the style shouts. */
export function styled(design: Design, text: string): string {
  return design.style.uppercase ? text.toUpperCase() : text;
}
