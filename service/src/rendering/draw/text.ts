import { fontCss, type FontChoice } from '../fonts';
import type { TextEffect } from '../style';
import type { Ctx, Paint } from './shapes';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Text laid out to fit a box: its size and lines. */
export interface FittedText {
  size: number;
  lines: string[];
  /** Height of one line box (ascent + descent of capitals) and the gap between lines. */
  lineHeight: number;
  width: number;
  height: number;
}

function measure(ctx: Ctx, text: string): { width: number; ascent: number; descent: number } {
  const metrics = ctx.measureText(text);
  return {
    width: metrics.width,
    ascent: metrics.actualBoundingBoxAscent,
    descent: metrics.actualBoundingBoxDescent,
  };
}

function wrap(ctx: Ctx, words: string[], maxWidth: number, maxLines: number): string[] {
  if (maxLines <= 1 || words.length <= 1) {
    return [words.join(' ')];
  }
  // balanced split: try every break into `lines` parts greedily by target width
  const total = ctx.measureText(words.join(' ')).width;
  const target = Math.max(total / maxLines, maxWidth * 0.3);
  const lines: string[] = [];
  let current: string[] = [];
  for (const word of words) {
    const candidate = [...current, word].join(' ');
    if (current.length > 0 && ctx.measureText(candidate).width > target * 1.15 && lines.length < maxLines - 1) {
      lines.push(current.join(' '));
      current = [word];
    } else {
      current.push(word);
    }
  }
  lines.push(current.join(' '));
  return lines;
}

/**
 * The largest size (up to `maxSize`) at which `text` fits `box` in at most `maxLines` lines, trying
 * each line count and keeping the one that lets the text be biggest.
 */
export function fitText(
  ctx: Ctx,
  text: string,
  font: FontChoice,
  box: Pick<Box, 'w' | 'h'>,
  options: { maxLines?: number; maxSize?: number; minSize?: number; lineGap?: number } = {},
): FittedText {
  const { maxLines = 1, maxSize = box.h, minSize = 6, lineGap = 0.12 } = options;
  const words = text.split(/\s+/).filter(Boolean);
  let best: FittedText | null = null;
  for (let lineCount = 1; lineCount <= Math.min(maxLines, Math.max(1, words.length)); lineCount++) {
    ctx.font = fontCss(font, 100);
    const lines = wrap(ctx, words, box.w, lineCount);
    const metrics = lines.map((line) => measure(ctx, line));
    const widest = Math.max(...metrics.map((m) => m.width));
    const capHeight = Math.max(...metrics.map((m) => m.ascent + m.descent)) || 70;
    const blockHeight = capHeight * lines.length + capHeight * lineGap * (lines.length - 1);
    const scale = Math.min(box.w / widest, box.h / blockHeight);
    const size = Math.max(minSize, Math.min(maxSize, 100 * scale));
    if (!best || size > best.size * 1.08) {
      const k = size / 100;
      best = {
        size,
        lines,
        lineHeight: capHeight * k,
        width: widest * k,
        height: blockHeight * k,
      };
    }
  }
  return best ?? { size: minSize, lines: [text], lineHeight: minSize, width: 0, height: minSize };
}

export interface TextStyle {
  font: FontChoice;
  fill: Paint | ((box: Box) => Paint);
  outline: string;
  /** Outline width in px (0 for none). */
  outlineWidth: number;
  effect: TextEffect;
  /** Colour of the shadow, extrusion or glow. */
  shadow: string;
  align?: 'center' | 'left' | 'right';
}

function drawLines(
  ctx: Ctx,
  fitted: FittedText,
  x: number,
  top: number,
  align: 'center' | 'left' | 'right',
  paint: (line: string, lx: number, baseline: number) => void,
): void {
  const gap = fitted.lineHeight * 0.12;
  fitted.lines.forEach((line, index) => {
    const m = measure(ctx, line);
    const baseline = top + index * (fitted.lineHeight + gap) + (fitted.lineHeight + m.ascent - m.descent) / 2;
    const lx = align === 'center' ? x - m.width / 2 : align === 'right' ? x - m.width : x;
    paint(line, lx, baseline);
  });
}

/**
 * Draws fitted text centred vertically in `box` (horizontally per `align`), with the style's
 * effect: a hard offset shadow, a soft shadow, a neon glow or a 3D extrusion, always outlined so
 * it reads on any background.
 */
export function drawText(ctx: Ctx, fitted: FittedText, box: Box, style: TextStyle): void {
  const align = style.align ?? 'center';
  const x = align === 'center' ? box.x + box.w / 2 : align === 'right' ? box.x + box.w : box.x;
  const top = box.y + (box.h - fitted.height) / 2;
  const textBox: Box = {
    x: align === 'center' ? x - fitted.width / 2 : align === 'right' ? x - fitted.width : x,
    y: top,
    w: fitted.width,
    h: fitted.height,
  };
  ctx.save();
  ctx.font = fontCss(style.font, fitted.size);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.lineJoin = 'round';
  ctx.miterLimit = 2;
  const depth = Math.max(2, fitted.size * 0.08);
  const stroke = (dx: number, dy: number, color: string, width: number): void => {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    drawLines(ctx, fitted, x + dx, top + dy, align, (line, lx, by) => ctx.strokeText(line, lx, by));
  };
  const fill = (dx: number, dy: number, paint: Paint): void => {
    ctx.fillStyle = paint;
    drawLines(ctx, fitted, x + dx, top + dy, align, (line, lx, by) => ctx.fillText(line, lx, by));
  };
  switch (style.effect) {
    case 'extrude': {
      const steps = Math.ceil(depth / Math.max(1, depth / 8));
      for (let i = steps; i >= 1; i--) {
        const d = (depth * i) / steps;
        stroke(d, d, style.shadow, style.outlineWidth * 2);
        fill(d, d, style.shadow);
      }
      break;
    }
    case 'hard':
      stroke(depth * 0.7, depth * 0.9, style.shadow, style.outlineWidth * 2);
      break;
    case 'soft':
      ctx.shadowColor = style.shadow;
      ctx.shadowBlur = fitted.size * 0.18;
      ctx.shadowOffsetY = fitted.size * 0.06;
      fill(0, 0, style.shadow);
      ctx.shadowColor = 'transparent';
      ctx.shadowBlur = 0;
      ctx.shadowOffsetY = 0;
      break;
    case 'glow':
      ctx.shadowColor = style.shadow;
      for (const blur of [fitted.size * 0.5, fitted.size * 0.2]) {
        ctx.shadowBlur = blur;
        stroke(0, 0, style.shadow, Math.max(2, style.outlineWidth));
      }
      ctx.shadowColor = 'transparent';
      ctx.shadowBlur = 0;
      break;
  }
  if (style.outlineWidth > 0) {
    stroke(0, 0, style.outline, style.outlineWidth * 2);
  }
  fill(0, 0, typeof style.fill === 'function' ? style.fill(textBox) : style.fill);
  ctx.restore();
}

/** A vertical gradient across a text box, the classic streamer headline fill. */
export function verticalGradient(ctx: Ctx, top: string, bottom: string): (box: Box) => Paint {
  return (box) => {
    const gradient = ctx.createLinearGradient(0, box.y, 0, box.y + box.h);
    gradient.addColorStop(0, top);
    gradient.addColorStop(1, bottom);
    return gradient;
  };
}
