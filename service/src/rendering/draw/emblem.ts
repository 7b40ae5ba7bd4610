import { darken, lighten, rgba } from '../color';
import type { Design } from '../design';
import { drawMascot } from './mascot';
import { drawSymbol } from './symbols';
import { drawText, fitText } from './text';
import type { Mood } from '../words';
import type { Ctx } from './shapes';

/** The brand logo in a ringed disc; without one, the name's monogram, or the symbol when there is no name. */
export function drawLogoBadge(ctx: Ctx, design: Design, cx: number, cy: number, r: number): void {
  const { palette } = design;
  ctx.save();
  ctx.shadowColor = 'rgba(0,0,0,0.45)';
  ctx.shadowBlur = r * 0.25;
  ctx.shadowOffsetY = r * 0.06;
  const ring = ctx.createLinearGradient(cx - r, cy - r, cx + r, cy + r);
  ring.addColorStop(0, palette.main);
  ring.addColorStop(1, palette.second);
  ctx.fillStyle = ring;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.shadowColor = 'transparent';
  ctx.shadowBlur = 0;
  ctx.shadowOffsetY = 0;
  const inner = r * 0.88;
  const disc = ctx.createRadialGradient(cx, cy - inner * 0.4, inner * 0.1, cx, cy, inner);
  disc.addColorStop(0, lighten(palette.deep, 0.15));
  disc.addColorStop(1, darken(palette.dark, 0.2));
  ctx.fillStyle = disc;
  ctx.beginPath();
  ctx.arc(cx, cy, inner, 0, Math.PI * 2);
  ctx.fill();
  if (design.logo) {
    ctx.save();
    ctx.beginPath();
    ctx.arc(cx, cy, inner, 0, Math.PI * 2);
    ctx.clip();
    const { width, height } = design.logo;
    const fit = (inner * 1.5) / Math.max(width, height);
    ctx.drawImage(design.logo, cx - (width * fit) / 2, cy - (height * fit) / 2, width * fit, height * fit);
    ctx.restore();
  } else if (!design.monogram) {
    // no logo and no name: the design's symbol, never letters taken from the prompt
    drawSymbol(ctx, design.symbol, cx, cy, inner * 1.2, {
      fill: palette.main,
      outline: palette.outline,
      outlineWidth: inner * 0.06,
      finish: design.style.finish,
    });
  } else {
    const text = design.monogram;
    const box = { x: cx - inner * 0.72, y: cy - inner * 0.5, w: inner * 1.44, h: inner };
    const fitted = fitText(ctx, text, design.headlineFont, box, { maxLines: 1 });
    drawText(ctx, fitted, box, {
      font: design.headlineFont,
      fill: '#ffffff',
      outline: palette.outline,
      outlineWidth: Math.max(2, fitted.size * 0.06),
      effect: 'hard',
      shadow: darken(palette.main, 0.4),
    });
  }
  ctx.restore();
}

/** The scene's character: the mascot or symbol on a glowing disc. */
export function drawHero(
  ctx: Ctx,
  design: Design,
  cx: number,
  cy: number,
  size: number,
  mode: 'mascot' | 'symbol',
  mood: Mood = design.mood,
): void {
  const { palette, style } = design;
  const glow = ctx.createRadialGradient(cx, cy, size * 0.1, cx, cy, size * 0.75);
  glow.addColorStop(0, rgba(palette.accent, 0.55));
  glow.addColorStop(0.6, rgba(palette.main, 0.18));
  glow.addColorStop(1, rgba(palette.main, 0));
  ctx.fillStyle = glow;
  ctx.fillRect(cx - size, cy - size, size * 2, size * 2);
  if (mode === 'mascot') {
    drawMascot(ctx, mood, cx, cy, size, {
      skin: style.id === 'meme' ? '#ffd43b' : palette.main,
      outline: palette.outline,
      accent: palette.second,
      outlineWidth: size * style.outline * 0.8,
      finish: style.finish === 'neon' ? 'cel' : style.finish,
      eyes: style.eyes,
      blush: style.blush,
      ears: style.id === 'kawaii' || style.id === 'chibi' ? 'cat' : 'none',
    });
  } else {
    drawSymbol(ctx, design.symbol, cx, cy, size * 0.9, {
      fill: palette.main,
      outline: style.finish === 'neon' ? lighten(palette.main, 0.2) : palette.outline,
      outlineWidth: size * style.outline * 0.8,
      finish: style.finish,
    });
  }
}
