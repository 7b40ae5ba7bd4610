import sharp, { type Sharp } from 'sharp';
import { contrastOfLuminances, luminanceOf } from './color';
import type { LegibilityScore } from './types';

/**
 * How well an emote or badge reads at its smallest chat size. It looks at the image shrunk to that
 * size, as chat shows it, and weighs five things:
 * - contrast between its darkest and lightest parts (an outline against its fill), WCAG ratio;
 * - detail kept: how much of the image's structure survives the shrink (fine detail turns to mush);
 * - visibility on both chat themes (Twitch dark #18181B and light #FFFFFF);
 * - how much of the frame the subject fills;
 * - how few colours carry it.
 */

const THEMES = [
  { name: 'dark', r: 0x18, g: 0x18, b: 0x1b },
  { name: 'light', r: 0xff, g: 0xff, b: 0xff },
] as const;

interface Pixels {
  data: Buffer;
  size: number;
}

async function rgbaAt(image: Buffer | Sharp, size: number): Promise<Pixels> {
  const input = Buffer.isBuffer(image) ? sharp(image) : image;
  const { data } = await input
    .resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 }, kernel: 'lanczos3' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, size };
}

/** Luminance of each pixel composited over mid grey, so transparent areas count as background. */
function greyComposite({ data }: Pixels): Float64Array {
  const out = new Float64Array(data.length / 4);
  for (let i = 0; i < out.length; i++) {
    const a = (data[i * 4 + 3] ?? 0) / 255;
    const blend = (c: number): number => c * a + 128 * (1 - a);
    out[i] = luminanceOf(blend(data[i * 4] ?? 0), blend(data[i * 4 + 1] ?? 0), blend(data[i * 4 + 2] ?? 0));
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((sorted.length - 1) * p)))] ?? 0;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

export interface LegibilityMetrics {
  contrast: number;
  detailLoss: number;
  themeVisibility: { dark: number; light: number };
  coverage: number;
  colours: number;
}

export async function measureLegibility(image: Buffer, smallestPx: number): Promise<LegibilityMetrics> {
  const reference = smallestPx * 4;
  const [ref, small] = await Promise.all([rgbaAt(image, reference), rgbaAt(image, smallestPx)]);
  const back = await rgbaAt(
    sharp(small.data, { raw: { width: smallestPx, height: smallestPx, channels: 4 } }),
    reference,
  );

  // detail kept: difference between the full image and its shrunk-and-regrown copy, relative to
  // how much the image varies at all
  const a = greyComposite(ref);
  const b = greyComposite(back);
  const mean = a.reduce((sum, v) => sum + v, 0) / a.length;
  let spread = 0;
  let lost = 0;
  for (let i = 0; i < a.length; i++) {
    spread += Math.abs((a[i] ?? 0) - mean);
    lost += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  }
  const detailLoss = spread > 0 ? lost / spread : 1;

  const luminances: number[] = [];
  const visible = { dark: 0, light: 0 };
  const colourCounts = new Map<number, number>();
  let opaque = 0;
  for (let i = 0; i < small.data.length; i += 4) {
    const alpha = (small.data[i + 3] ?? 0) / 255;
    if (alpha < 0.5) {
      continue;
    }
    opaque++;
    const [r, g, bl] = [small.data[i] ?? 0, small.data[i + 1] ?? 0, small.data[i + 2] ?? 0];
    const lum = luminanceOf(r, g, bl);
    luminances.push(lum);
    for (const theme of THEMES) {
      const mixed = luminanceOf(
        r * alpha + theme.r * (1 - alpha),
        g * alpha + theme.g * (1 - alpha),
        bl * alpha + theme.b * (1 - alpha),
      );
      if (contrastOfLuminances(mixed, luminanceOf(theme.r, theme.g, theme.b)) >= 3) {
        visible[theme.name]++;
      }
    }
    const key = ((r >> 6) << 4) | ((g >> 6) << 2) | (bl >> 6);
    colourCounts.set(key, (colourCounts.get(key) ?? 0) + 1);
  }
  luminances.sort((x, y) => x - y);
  const total = smallestPx * smallestPx;
  return {
    contrast: contrastOfLuminances(percentile(luminances, 0.08), percentile(luminances, 0.92)),
    detailLoss,
    themeVisibility: {
      dark: opaque > 0 ? visible.dark / opaque : 0,
      light: opaque > 0 ? visible.light / opaque : 0,
    },
    coverage: opaque / total,
    colours: [...colourCounts.values()].filter((count) => count >= opaque * 0.05).length,
  };
}

/** Scores 0-100 and explains the score in one sentence. */
export function scoreLegibility(metrics: LegibilityMetrics, smallestPx: number): LegibilityScore {
  const contrastScore = clamp01(Math.log(metrics.contrast) / Math.log(7));
  const detailScore = clamp01(1 - (metrics.detailLoss - 0.3) / 0.55);
  const visibility = Math.min(metrics.themeVisibility.dark, metrics.themeVisibility.light);
  const visibilityScore = clamp01(visibility / 0.45);
  const coverageScore =
    metrics.coverage < 0.3 ? clamp01((metrics.coverage - 0.05) / 0.25) : metrics.coverage > 0.95 ? 0.85 : 1;
  const colourScore = metrics.colours <= 4 ? 1 : metrics.colours <= 6 ? 0.7 : 0.4;
  const score = Math.round(
    100 * (0.3 * contrastScore + 0.3 * detailScore + 0.15 * visibilityScore + 0.15 * coverageScore + 0.1 * colourScore),
  );

  const problems: [number, string][] = [
    [detailScore, `too much fine detail (${Math.round(clamp01(metrics.detailLoss) * 100)}% of it is lost when shrunk)`],
    [contrastScore, `low contrast (${metrics.contrast.toFixed(1)}:1 between its darkest and lightest parts)`],
    [
      visibilityScore,
      metrics.themeVisibility.dark < metrics.themeVisibility.light
        ? 'fades into the dark chat theme'
        : 'fades into the light chat theme',
    ],
    [coverageScore, `small in its frame (fills ${Math.round(metrics.coverage * 100)}%)`],
    [colourScore, `many colours (${metrics.colours})`],
  ];
  const worst = problems.filter(([value]) => value < 0.7).sort(([x], [y]) => x - y);
  const strengths: string[] = [];
  if (contrastScore >= 0.85) {
    strengths.push('strong outline');
  }
  if (metrics.colours <= 4) {
    strengths.push(`${Math.max(1, metrics.colours)} main colour${metrics.colours === 1 ? '' : 's'}`);
  }
  if (coverageScore === 1) {
    strengths.push(`fills ${Math.round(metrics.coverage * 100)}% of the frame`);
  }
  const at = `${smallestPx} px`;
  let explanation: string;
  if (score >= 75 && worst.length === 0) {
    explanation = `Reads well at ${at}: ${strengths.join(', ') || 'clear shapes'}.`;
  } else if (score >= 55) {
    explanation = `Reads at ${at}, but ${
      worst
        .map(([, text]) => text)
        .slice(0, 2)
        .join('; ') || 'details are soft'
    }.`;
  } else {
    explanation = `Hard to read at ${at}: ${
      worst
        .map(([, text]) => text)
        .slice(0, 3)
        .join('; ') || 'shapes blur together'
    }.`;
  }
  return { score: Math.min(100, Math.max(0, score)), explanation };
}

/** Legibility of an image (any size, usually the largest rendered file) at `smallestPx`. */
export async function assessLegibility(image: Buffer, smallestPx: number): Promise<LegibilityScore> {
  return scoreLegibility(await measureLegibility(image, smallestPx), smallestPx);
}
