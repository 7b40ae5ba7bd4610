import sharp from 'sharp';
import { contrastOfLuminances, luminanceOf, parseHex, type Rgb } from './color';

/**
 * What a viewer sees of an emote or badge: the image at its chat size (28 px emote, 18 px badge),
 * composited on Twitch's chat backgrounds, measured as pixels.
 */

export type ChatThemeName = 'dark' | 'light';

/** Twitch's chat column backgrounds: dark #18181B; light #FFFFFF, with #F7F7F8 around it. */
export const CHAT_THEMES: readonly { name: ChatThemeName; backgrounds: readonly string[] }[] = [
  { name: 'dark', backgrounds: ['#18181B'] },
  { name: 'light', backgrounds: ['#FFFFFF', '#F7F7F8'] },
];

/** A composited pixel this far from the background (WCAG ratio) stands out to a viewer. */
const STANDS_OUT = 2.2;
/** Alpha from which a pixel is part of the subject rather than its soft edge. */
const SOLID_ALPHA = 0.5;

export interface ThemeMetrics {
  /** Share of the subject a viewer makes out on this background (enclosed areas and a one-pixel rim count). */
  seen: number;
  /** Share of the seen shape that is more than a pixel thick (thin strokes and tiny text are not). */
  solidity: number;
}

export interface LegibilityMetrics {
  /** Per chat theme, the worse of its backgrounds. */
  themes: Record<ChatThemeName, ThemeMetrics>;
  /** WCAG ratio between the subject's darkest and lightest parts (an outline against its fill). */
  contrast: number;
  /** Structure lost between four times the chat size and the chat size (fine detail turns to mush). */
  detailLoss: number;
  /** Share of the frame the solid subject fills at chat size. */
  coverage: number;
  /** Share of the drawn pixels that are see-through (alpha under one half), at four times the chat size. */
  seeThrough: number;
  /** Solid area at chat size relative to four times the chat size: thin strokes fade as they shrink. */
  strokeSurvival: number;
  /** Colours carrying at least 5% of the subject. */
  colours: number;
}

interface Rgba {
  data: Buffer;
  side: number;
}

async function rgbaAt(image: Buffer, side: number): Promise<Rgba> {
  const { data } = await sharp(image)
    .resize(side, side, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 }, kernel: 'lanczos3' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, side };
}

const alphaAt = (image: Rgba, i: number): number => (image.data[i * 4 + 3] ?? 0) / 255;

/** Each pixel composited on `background`, as its contrast ratio against the background. */
function contrastOn({ data, side }: Rgba, background: Rgb): Float64Array {
  const base = luminanceOf(background.r, background.g, background.b);
  const out = new Float64Array(side * side);
  for (let i = 0; i < out.length; i++) {
    const a = (data[i * 4 + 3] ?? 0) / 255;
    const blend = (c: number, b: number): number => c * a + b * (1 - a);
    const lum = luminanceOf(
      blend(data[i * 4] ?? 0, background.r),
      blend(data[i * 4 + 1] ?? 0, background.g),
      blend(data[i * 4 + 2] ?? 0, background.b),
    );
    out[i] = contrastOfLuminances(lum, base);
  }
  return out;
}

/** The mask with every region it encloses filled: a ring reads as a disc. */
function fillEnclosed(mask: Uint8Array, side: number): Uint8Array {
  const outside = new Uint8Array(mask.length);
  const stack: number[] = [];
  for (let i = 0; i < side; i++) {
    stack.push(i, (side - 1) * side + i, i * side, i * side + side - 1);
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (outside[i] || mask[i]) {
      continue;
    }
    outside[i] = 1;
    const x = i % side;
    if (x > 0) {
      stack.push(i - 1);
    }
    if (x < side - 1) {
      stack.push(i + 1);
    }
    if (i >= side) {
      stack.push(i - side);
    }
    if (i < side * (side - 1)) {
      stack.push(i + side);
    }
  }
  return outside.map((value) => (value ? 0 : 1));
}

/** The mask grown by one pixel in every direction. */
function dilated(mask: Uint8Array, side: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let any = false;
      for (let dy = -1; dy <= 1 && !any; dy++) {
        for (let dx = -1; dx <= 1 && !any; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          any = nx >= 0 && ny >= 0 && nx < side && ny < side && mask[ny * side + nx] === 1;
        }
      }
      out[y * side + x] = any ? 1 : 0;
    }
  }
  return out;
}

/** Pixels of the mask whose eight neighbours are all in it too (the frame's edge counts as outside). */
function eroded(mask: Uint8Array, side: number): number {
  let kept = 0;
  for (let y = 1; y < side - 1; y++) {
    for (let x = 1; x < side - 1; x++) {
      let all = true;
      for (let dy = -1; dy <= 1 && all; dy++) {
        for (let dx = -1; dx <= 1 && all; dx++) {
          all = mask[(y + dy) * side + x + dx] === 1;
        }
      }
      kept += all ? 1 : 0;
    }
  }
  return kept;
}

/**
 * How strongly the outline around areas that do not stand out themselves holds them: a black ring
 * on white chat (about 18:1) carries the yellow disc inside it fully; a faint grey ring on dark chat
 * (3:1) leaves the dark face inside it half there.
 */
function enclosureStrength(
  contrast: Float64Array,
  standsOut: Uint8Array,
  shape: Uint8Array,
  direct: Uint8Array,
  side: number,
): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < shape.length; i++) {
    if (!shape[i] || direct[i]) {
      continue;
    }
    // the enclosed pixel's nearest outline: standing-out pixels two steps away in each direction
    for (const step of [-2, 2, -2 * side, 2 * side]) {
      const j = i + step;
      const sameRow = Math.abs(step) !== 2 || Math.floor(j / side) === Math.floor(i / side);
      if (j >= 0 && j < shape.length && sameRow && standsOut[j]) {
        sum += Math.log(contrast[j]!);
        count++;
      }
    }
  }
  if (count === 0) {
    return 1;
  }
  const mean = Math.exp(sum / count);
  return Math.min(1, Math.max(0.5, 0.5 + (0.5 * Math.log(mean / 3)) / Math.log(7 / 3)));
}

function themeMetrics(chat: Rgba, background: Rgb, solid: Uint8Array, solidCount: number): ThemeMetrics {
  const contrast = contrastOn(chat, background);
  const standsOut = new Uint8Array(contrast.length);
  contrast.forEach((ratio, i) => {
    standsOut[i] = ratio >= STANDS_OUT ? 1 : 0;
  });
  const shape = fillEnclosed(standsOut, chat.side);
  // a dark outline one pixel wide around a bright fill still shows the fill's form
  const direct = dilated(standsOut, chat.side);
  const enclosedCredit = enclosureStrength(contrast, standsOut, shape, direct, chat.side);
  let seen = 0;
  let shapeCount = 0;
  shape.forEach((inShape, i) => {
    shapeCount += inShape;
    if (solid[i]) {
      seen += direct[i] ? 1 : inShape ? enclosedCredit : 0;
    }
  });
  return {
    seen: solidCount > 0 ? Math.min(1, seen / solidCount) : 0,
    solidity: shapeCount > 0 ? eroded(shape, chat.side) / shapeCount : 0,
  };
}

/** Luminance over mid grey, so transparent areas count as background, for the detail measure. */
function greyLuminance({ data }: Rgba): Float64Array {
  const out = new Float64Array(data.length / 4);
  for (let i = 0; i < out.length; i++) {
    const a = (data[i * 4 + 3] ?? 0) / 255;
    const blend = (c: number): number => c * a + 128 * (1 - a);
    out[i] = luminanceOf(blend(data[i * 4] ?? 0), blend(data[i * 4 + 1] ?? 0), blend(data[i * 4 + 2] ?? 0));
  }
  return out;
}

async function detailLossOf(chat: Rgba, reference: Rgba): Promise<number> {
  const regrown = await rgbaAt(
    await sharp(chat.data, { raw: { width: chat.side, height: chat.side, channels: 4 } })
      .png()
      .toBuffer(),
    reference.side,
  );
  const a = greyLuminance(reference);
  const b = greyLuminance(regrown);
  const mean = a.reduce((sum, v) => sum + v, 0) / a.length;
  let spread = 0;
  let lost = 0;
  for (let i = 0; i < a.length; i++) {
    spread += Math.abs((a[i] ?? 0) - mean);
    lost += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  }
  return spread > 0 ? lost / spread : 1;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((sorted.length - 1) * p)))] ?? 0;
}

/** Share of the frame that is solid, and share of the drawn pixels that are see-through. */
function opacityOf(image: Rgba): { solid: number; seeThrough: number } {
  let solid = 0;
  let drawn = 0;
  for (let i = 0; i < image.side * image.side; i++) {
    const alpha = alphaAt(image, i);
    solid += alpha >= SOLID_ALPHA ? 1 : 0;
    drawn += alpha > 0.04 ? 1 : 0;
  }
  return { solid: solid / (image.side * image.side), seeThrough: drawn > 0 ? 1 - solid / drawn : 0 };
}

/**
 * Measures `image` (any size, usually the largest file) as chat shows it at `chatPx`. `chatSized`
 * is the file Twitch serves at that size, when there is one; otherwise the image is shrunk to it.
 */
export async function measureLegibility(image: Buffer, chatPx: number, chatSized?: Buffer): Promise<LegibilityMetrics> {
  const [chat, reference] = await Promise.all([rgbaAt(chatSized ?? image, chatPx), rgbaAt(image, chatPx * 4)]);
  const total = chatPx * chatPx;
  const solid = new Uint8Array(total);
  const luminances: number[] = [];
  const colourCounts = new Map<number, number>();
  let solidCount = 0;
  for (let i = 0; i < total; i++) {
    const alpha = alphaAt(chat, i);
    if (alpha < SOLID_ALPHA) {
      continue;
    }
    solid[i] = 1;
    solidCount++;
    const [r, g, b] = [chat.data[i * 4] ?? 0, chat.data[i * 4 + 1] ?? 0, chat.data[i * 4 + 2] ?? 0];
    luminances.push(luminanceOf(r, g, b));
    const key = ((r >> 6) << 4) | ((g >> 6) << 2) | (b >> 6);
    colourCounts.set(key, (colourCounts.get(key) ?? 0) + 1);
  }
  luminances.sort((x, y) => x - y);

  const themes = {} as Record<ChatThemeName, ThemeMetrics>;
  for (const theme of CHAT_THEMES) {
    const each = theme.backgrounds.map((hex) => themeMetrics(chat, parseHex(hex)!, solid, solidCount));
    themes[theme.name] = {
      seen: Math.min(...each.map((metrics) => metrics.seen)),
      solidity: Math.min(...each.map((metrics) => metrics.solidity)),
    };
  }
  const coverage = solidCount / total;
  // at four times the chat size, anti-aliased edges are a small share: what is left is see-through art
  const referenceOpacity = opacityOf(reference);
  return {
    themes,
    contrast: contrastOfLuminances(percentile(luminances, 0.08), percentile(luminances, 0.92)),
    detailLoss: await detailLossOf(chat, reference),
    coverage,
    seeThrough: referenceOpacity.seeThrough,
    strokeSurvival: referenceOpacity.solid > 0 ? Math.min(1, coverage / referenceOpacity.solid) : 0,
    colours: [...colourCounts.values()].filter((count) => count >= solidCount * 0.05).length,
  };
}
