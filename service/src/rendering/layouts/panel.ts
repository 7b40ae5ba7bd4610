import { type Canvas } from '@napi-rs/canvas';
import { darken, lighten, rgba } from '../color';
import type { Design } from '../design';
import { drawPattern } from '../draw/background';
import { pixelate } from '../draw/pixelate';
import { roundRectPath } from '../draw/shapes';
import { drawSymbol } from '../draw/symbols';
import { drawHeadline } from '../draw/typography';

/**
 * A channel panel header: a rounded card in brand colours with an icon and a large title. The
 * corners stay transparent so it sits well on Twitch's light and dark themes.
 */
export function drawPanel(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const { palette, style } = design;
  const inset = h * 0.04;
  const radius = h * 0.22 * (0.2 + style.corner);
  const card = roundRectPath(inset, inset, w - inset * 2, h - inset * 2, radius);
  const iconLeft = design.variation % 2 === 0;

  ctx.save();
  ctx.clip(card);
  const fill = ctx.createLinearGradient(0, 0, w, h);
  fill.addColorStop(0, design.variation % 4 >= 2 ? palette.second : palette.main);
  fill.addColorStop(1, darken(palette.deep, 0.1));
  ctx.fillStyle = fill;
  ctx.fillRect(0, 0, w, h);
  drawPattern(ctx, w, h, design, style.patterns[design.variation % style.patterns.length] ?? 'dots', {
    x: iconLeft ? h * 0.5 : w - h * 0.5,
    y: h * 0.5,
  });
  // icon disc
  const discX = iconLeft ? h * 0.52 : w - h * 0.52;
  ctx.fillStyle = rgba(palette.dark, 0.35);
  ctx.beginPath();
  ctx.arc(discX, h * 0.5, h * 0.36, 0, Math.PI * 2);
  ctx.fill();
  // accent strip along the bottom
  ctx.fillStyle = palette.accent;
  ctx.fillRect(0, h - inset - h * 0.07, w, h * 0.07);
  ctx.restore();

  ctx.lineWidth = h * 0.025;
  ctx.strokeStyle = rgba(lighten(palette.main, 0.5), 0.7);
  ctx.stroke(card);
  if (style.pixelate) {
    pixelate(canvas, Math.round(w / 6), Math.round(h / 6));
  }
  drawSymbol(ctx, design.symbol, discX, h * 0.5, h * 0.48, {
    fill: palette.accent,
    outline: palette.outline,
    outlineWidth: h * 0.02,
    finish: style.finish,
  });
  const textX = iconLeft ? h * 0.98 : inset + h * 0.12;
  drawHeadline(
    ctx,
    design,
    design.headline,
    { x: textX, y: h * 0.12, w: w - h * 1.1 - inset, h: h * 0.64 },
    { maxLines: 2 },
  );
}
