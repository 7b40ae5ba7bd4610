import { type Canvas } from '@napi-rs/canvas';
import { darken, lighten, mix } from '../color';
import type { Design } from '../design';
import { drawMascot, type MascotPaint } from '../draw/mascot';
import { pixelate } from '../draw/pixelate';
import {
  fillWithOutline,
  polygonPath,
  roundRectPath,
  shieldPath,
  sparklePath,
  starPath,
  type Ctx,
} from '../draw/shapes';
import { stickerRim } from '../draw/sticker';
import { drawSymbol } from '../draw/symbols';
import { drawText, fitText, verticalGradient } from '../draw/text';

/**
 * Emotes and badges: one bold idea filling the frame on a transparent background, thick outlines
 * and few colours, because Twitch shows them at 28 px and 18 px.
 */

type EmoteKind = 'face' | 'symbol';

function emoteKind(design: Design): EmoteKind {
  const first: EmoteKind = design.prefersSymbol ? 'symbol' : 'face';
  const second: EmoteKind = first === 'face' ? 'symbol' : 'face';
  return [first, second, first, second][design.variation % 4] ?? first;
}

function mascotPaint(design: Design, size: number): MascotPaint {
  const { style, palette } = design;
  const soft = style.id === 'kawaii' || style.id === 'chibi';
  return {
    skin: style.id === 'meme' ? '#ffd43b' : palette.main,
    outline: palette.outline,
    accent: palette.second,
    outlineWidth: size * style.outline,
    finish: style.finish === 'neon' ? 'cel' : style.finish,
    eyes: style.eyes,
    blush: style.blush,
    ears: design.symbol === 'paw' || (soft && design.variation % 2 === 0) ? 'cat' : soft ? 'round' : 'none',
  };
}

/** The short word across the bottom of an emote. */
function drawWord(
  ctx: Ctx,
  design: Design,
  text: string,
  x: number,
  y: number,
  w: number,
  h: number,
  size: number,
): void {
  // the outline and shadow grow past the glyphs: fit into a smaller box so nothing is clipped
  const fitted = fitText(ctx, text, design.headlineFont, { w: w * 0.84, h: h * 0.8 }, { maxLines: 1 });
  const { palette, style } = design;
  drawText(
    ctx,
    fitted,
    { x, y, w, h },
    {
      font: design.headlineFont,
      fill: verticalGradient(ctx, '#ffffff', lighten(palette.accent, 0.25)),
      outline: palette.outline,
      outlineWidth: Math.max(size * 0.035, fitted.size * 0.12),
      effect: style.textEffect === 'glow' ? 'glow' : 'hard',
      shadow: style.textEffect === 'glow' ? palette.second : palette.outline,
    },
  );
}

function sparkles(ctx: Ctx, design: Design, size: number): void {
  const { palette, random } = design;
  ctx.lineJoin = 'round';
  for (const [x, y, r] of [
    [size * 0.12, size * 0.16, size * 0.075],
    [size * 0.9, size * 0.3, size * 0.055],
  ] as const) {
    const path = sparklePath(x + random.range(-4, 4), y + random.range(-4, 4), r);
    fillWithOutline(ctx, path, palette.accent, palette.outline, size * 0.014);
  }
}

export function drawEmote(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const size = canvas.width;
  const { style, palette } = design;
  const kind = emoteKind(design);
  const word = design.word;
  const artSize = size * (word ? 0.74 : 0.94) * (kind === 'face' ? style.headScale / 0.9 : 1);
  const artY = word ? size * 0.39 : size * 0.52;
  if (kind === 'face') {
    drawMascot(ctx, design.mood, size / 2, artY, Math.min(artSize, size * 0.98), mascotPaint(design, size));
  } else {
    drawSymbol(ctx, design.symbol, size / 2, artY, artSize * 0.92, {
      fill: palette.main,
      outline: style.finish === 'neon' ? lighten(palette.main, 0.2) : palette.outline,
      outlineWidth: size * style.outline,
      finish: style.finish,
      shadow: darken(palette.main, 0.5),
    });
  }
  if (style.id === 'kawaii' || style.id === 'anime' || style.id === 'chibi') {
    sparkles(ctx, design, size);
  }
  if (word) {
    // never cut: the caption decision already left off a word too long for the icon
    const text = word;
    drawWord(ctx, design, text, 0, size * 0.69, size, size * 0.31, size);
  }
  if (style.pixelate) {
    pixelate(canvas, 56, 56);
  } else if (style.finish !== 'neon') {
    stickerRim(canvas, size * 0.018, 'rgba(255, 255, 255, 0.92)');
  }
}

type BadgeShape = 'shield' | 'circle' | 'hexagon' | 'rounded' | 'burst';

function badgeShape(design: Design): BadgeShape {
  const preferred: Record<Design['style']['id'], BadgeShape> = {
    signature: 'hexagon',
    chibi: 'circle',
    pixel_art: 'rounded',
    kawaii: 'circle',
    '3d': 'hexagon',
    anime: 'burst',
    meme: 'burst',
    minimal_flat: 'rounded',
    neon: 'hexagon',
    retro: 'circle',
    bold_esports: 'shield',
  };
  const order: BadgeShape[] = ['shield', 'circle', 'hexagon', 'rounded', 'burst'];
  const first = preferred[design.style.id];
  const rest = order.filter((shape) => shape !== first);
  return design.variation === 0 ? first : (rest[(design.variation - 1) % rest.length] ?? first);
}

/** The tenure a badge prompt asks for ("12 months", "1 year"), or an explicit numeric word. */
function badgeNumber(design: Design, prompt: string): string | null {
  if (design.word && /^\d{1,3}$/.test(design.word)) {
    return design.word;
  }
  const match = /\b(\d{1,3})[\s-]*(?:months?|mo|years?|yrs?)\b/i.exec(prompt);
  return match?.[1] ?? null;
}

export function drawBadge(canvas: Canvas, design: Design, prompt: string): void {
  const ctx = canvas.getContext('2d');
  const size = canvas.width;
  const { palette, style } = design;
  const c = size / 2;
  const r = size * 0.44;
  const shape = badgeShape(design);
  const path =
    shape === 'shield'
      ? shieldPath(c - r * 0.92, c - r, r * 1.84, r * 2)
      : shape === 'circle'
        ? polygonPath(64, r)
        : shape === 'hexagon'
          ? polygonPath(6, r * 1.04).round(size * 0.03)
          : shape === 'rounded'
            ? roundRectPath(-r, -r, r * 2, r * 2, r * (style.pixelate ? 0.1 : 0.32))
            : starPath(12, r * 1.04, r * 0.84).round(size * 0.015);
  ctx.save();
  if (shape !== 'shield') {
    ctx.translate(c, c);
  }
  const outline = size * Math.max(style.outline, 0.055);
  const top = shape === 'shield' ? c - r : -r;
  const gradient = ctx.createLinearGradient(0, top, 0, top + r * 2);
  gradient.addColorStop(0, lighten(palette.main, style.finish === 'flat' ? 0 : 0.18));
  gradient.addColorStop(1, darken(palette.main, style.finish === 'flat' ? 0 : 0.25));
  if (style.finish === 'neon') {
    ctx.shadowColor = palette.main;
    ctx.shadowBlur = size * 0.05;
  }
  fillWithOutline(
    ctx,
    path,
    style.finish === 'neon' ? mix(palette.dark, palette.main, 0.25) : gradient,
    style.finish === 'neon' ? palette.main : palette.outline,
    outline,
  );
  ctx.shadowBlur = 0;
  // an inner ring gives the badge a minted look without adding fine detail
  ctx.save();
  ctx.clip(path);
  ctx.lineWidth = size * 0.05;
  ctx.strokeStyle = style.finish === 'neon' ? 'rgba(255,255,255,0.25)' : 'rgba(255,255,255,0.28)';
  ctx.stroke(path);
  ctx.restore();
  ctx.restore();

  const number = badgeNumber(design, prompt);
  const centerY = shape === 'shield' ? c - r * 0.08 : c;
  if (number) {
    const box = { x: c - r * 0.75, y: centerY - r * 0.6, w: r * 1.5, h: r * 1.2 };
    const fitted = fitText(ctx, number, design.headlineFont, box, { maxLines: 1 });
    drawText(ctx, fitted, box, {
      font: design.headlineFont,
      fill: '#ffffff',
      outline: palette.outline,
      outlineWidth: size * 0.035,
      effect: 'hard',
      shadow: palette.outline,
    });
  } else {
    drawSymbol(ctx, design.symbol, c, centerY, r * 1.15, {
      fill: style.finish === 'neon' ? palette.second : lighten(palette.accent, 0.15),
      outline: style.finish === 'neon' ? palette.second : palette.outline,
      outlineWidth: size * 0.03,
      finish:
        style.finish === 'soft3d' || style.finish === 'glossy' ? 'glossy' : style.finish === 'neon' ? 'neon' : 'flat',
    });
  }
  if (style.pixelate) {
    pixelate(canvas, 36, 36);
  }
}

/**
 * A channel-point reward's icon: the prompt's symbol alone, large, on the transparent card Twitch
 * puts it on. No word and no frame: Twitch shows it at 28 px beside the reward's cost, and draws
 * its own coloured tile behind it.
 */
export function drawRewardIcon(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const size = canvas.width;
  const { palette, style } = design;
  const c = size / 2;
  drawSymbol(ctx, design.symbol, c, c, size * 0.8, {
    fill: style.finish === 'neon' ? palette.second : lighten(palette.main, 0.1),
    outline: style.finish === 'neon' ? palette.second : palette.outline,
    outlineWidth: size * Math.max(style.outline, 0.06),
    finish:
      style.finish === 'soft3d' || style.finish === 'glossy' ? 'glossy' : style.finish === 'neon' ? 'neon' : 'flat',
  });
  if (style.pixelate) {
    pixelate(canvas, 28, 28);
  }
}
