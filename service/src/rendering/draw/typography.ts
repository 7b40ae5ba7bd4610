import { darken, inkOn, lighten, rgba } from '../color';
import { styled, type Design } from '../design';
import { fontCss } from '../fonts';
import { roundRectPath, type Ctx } from './shapes';
import { drawText, fitText, verticalGradient, type Box, type FittedText } from './text';

/** The styled text of scenes: headlines, captions and pills, all auto-fitted and outlined. */

export function drawHeadline(
  ctx: Ctx,
  design: Design,
  text: string,
  box: Box,
  options: { maxLines?: number; align?: 'center' | 'left' | 'right'; maxSize?: number } = {},
): FittedText {
  if (!text.trim()) {
    return { size: 0, lines: [], lineHeight: 0, width: 0, height: 0 };
  }
  const { palette, style } = design;
  const fitted = fitText(
    ctx,
    styled(design, text),
    design.headlineFont,
    { w: box.w * 0.96, h: box.h * 0.92 },
    {
      maxLines: options.maxLines ?? 2,
      maxSize: options.maxSize ?? box.h,
    },
  );
  const glow = style.textEffect === 'glow';
  drawText(ctx, fitted, box, {
    font: design.headlineFont,
    fill: glow ? '#ffffff' : verticalGradient(ctx, '#ffffff', lighten(palette.accent, 0.35)),
    outline: glow ? palette.main : palette.outline,
    outlineWidth: Math.max(2, fitted.size * (glow ? 0.035 : 0.07)),
    effect: style.textEffect,
    shadow: glow ? palette.main : style.textEffect === 'soft' ? 'rgba(0,0,0,0.55)' : darken(palette.main, 0.45),
    align: options.align ?? 'center',
  });
  return fitted;
}

export function drawCaption(
  ctx: Ctx,
  design: Design,
  text: string,
  box: Box,
  options: { align?: 'center' | 'left' | 'right'; color?: string; maxLines?: number } = {},
): FittedText {
  const fitted = fitText(ctx, text, design.bodyFont, { w: box.w, h: box.h }, { maxLines: options.maxLines ?? 1 });
  drawText(ctx, fitted, box, {
    font: design.bodyFont,
    fill: options.color ?? design.palette.light,
    outline: 'rgba(0,0,0,0.55)',
    outlineWidth: Math.max(1, fitted.size * 0.06),
    effect: 'soft',
    shadow: 'rgba(0,0,0,0.5)',
    align: options.align ?? 'center',
  });
  return fitted;
}

/** A rounded label: `text` on a colour that suits it, sized to its content. */
export function drawPill(
  ctx: Ctx,
  design: Design,
  text: string,
  x: number,
  y: number,
  height: number,
  options: { align?: 'center' | 'left'; color?: string; maxWidth?: number } = {},
): { w: number } {
  const color = options.color ?? design.palette.main;
  const label = styled(design, text);
  ctx.save();
  const size = height * 0.46;
  ctx.font = fontCss(design.bodyFont, size);
  const padding = height * 0.55;
  const textWidth = Math.min(ctx.measureText(label).width, (options.maxWidth ?? Infinity) - padding * 2);
  const w = textWidth + padding * 2;
  const left = options.align === 'left' ? x : x - w / 2;
  const pill = roundRectPath(left, y, w, height, height * Math.max(0.15, design.style.corner));
  ctx.shadowColor = 'rgba(0,0,0,0.35)';
  ctx.shadowBlur = height * 0.3;
  ctx.shadowOffsetY = height * 0.08;
  ctx.fillStyle = color;
  ctx.fill(pill);
  ctx.shadowColor = 'transparent';
  ctx.shadowBlur = 0;
  ctx.shadowOffsetY = 0;
  ctx.lineWidth = Math.max(1, height * 0.06);
  ctx.strokeStyle = rgba('#ffffff', 0.35);
  ctx.stroke(pill);
  const box = { x: left + padding, y, w: textWidth, h: height };
  const fitted = fitText(ctx, label, design.bodyFont, { w: textWidth, h: height * 0.5 }, { maxSize: size });
  drawText(ctx, fitted, box, {
    font: design.bodyFont,
    fill: inkOn(color),
    outline: 'transparent',
    outlineWidth: 0,
    effect: 'soft',
    shadow: 'rgba(0,0,0,0)',
  });
  ctx.restore();
  return { w };
}
