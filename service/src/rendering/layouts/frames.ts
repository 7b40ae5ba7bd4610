import { type Canvas } from '@napi-rs/canvas';
import { darken, lighten, rgba } from '../color';
import type { Design } from '../design';
import { drawPattern } from '../draw/background';
import { drawHero } from '../draw/emblem';
import { fillWithOutline, roundRectPath, sparklePath, starPath, type Ctx } from '../draw/shapes';
import { drawSymbol } from '../draw/symbols';
import { drawCaption, drawHeadline, drawPill } from '../draw/typography';

/**
 * Transparent pieces that sit on top of a stream: the full-screen overlay (webcam frame, name bar),
 * the chat box frame and the alert image. Everything not drawn stays fully transparent.
 */

function brandStroke(
  ctx: Ctx,
  design: Design,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): ReturnType<Ctx['createLinearGradient']> {
  const g = ctx.createLinearGradient(x0, y0, x1, y1);
  g.addColorStop(0, design.palette.main);
  g.addColorStop(0.5, design.palette.second);
  g.addColorStop(1, design.palette.accent);
  return g;
}

/** A rounded frame with a glowing brand-gradient border; the inside stays clear. */
function frame(ctx: Ctx, design: Design, x: number, y: number, w: number, h: number, thickness: number): void {
  const radius = Math.min(w, h) * 0.08 * (0.3 + design.style.corner);
  const outer = roundRectPath(x, y, w, h, radius);
  ctx.save();
  ctx.shadowColor = design.style.finish === 'neon' ? design.palette.main : 'rgba(0,0,0,0.5)';
  ctx.shadowBlur = thickness * 2;
  ctx.lineWidth = thickness;
  ctx.strokeStyle = brandStroke(ctx, design, x, y, x + w, y + h);
  ctx.stroke(outer);
  ctx.restore();
  ctx.lineWidth = Math.max(1, thickness * 0.2);
  ctx.strokeStyle = rgba('#ffffff', 0.5);
  ctx.stroke(
    roundRectPath(x + thickness * 0.9, y + thickness * 0.9, w - thickness * 1.8, h - thickness * 1.8, radius * 0.8),
  );
}

/** Corner brackets that mark the screen edges without covering gameplay. */
function cornerBrackets(
  ctx: Ctx,
  design: Design,
  w: number,
  h: number,
  inset: number,
  length: number,
  thickness: number,
): void {
  ctx.save();
  ctx.lineWidth = thickness;
  ctx.lineCap = design.style.corner > 0.3 ? 'round' : 'square';
  ctx.strokeStyle = rgba(design.palette.accent, 0.9);
  for (const [x, y, dx, dy] of [
    [inset, inset, 1, 1],
    [w - inset, inset, -1, 1],
    [inset, h - inset, 1, -1],
    [w - inset, h - inset, -1, -1],
  ] as const) {
    ctx.beginPath();
    ctx.moveTo(x, y + dy * length);
    ctx.lineTo(x, y);
    ctx.lineTo(x + dx * length, y);
    ctx.stroke();
  }
  ctx.restore();
}

function overlay(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const { palette } = design;
  const right = design.variation % 2 === 1;
  const camW = w * 0.3;
  const camH = (camW * 9) / 16;
  const camX = right ? w - camW - w * 0.025 : w * 0.025;
  const camY = h - camH - h * 0.1;
  frame(ctx, design, camX, camY, camW, camH, h * 0.009);
  // name plate under the webcam
  const plateH = h * 0.06;
  const plate = roundRectPath(
    camX + camW * 0.08,
    camY + camH - plateH * 0.35,
    camW * 0.84,
    plateH,
    plateH * design.style.corner,
  );
  fillWithOutline(ctx, plate, brandStroke(ctx, design, camX, 0, camX + camW, 0), darken(palette.dark, 0.3), h * 0.003);
  drawCaption(
    ctx,
    design,
    design.channelName ?? design.headline,
    {
      x: camX + camW * 0.12,
      y: camY + camH - plateH * 0.35,
      w: camW * 0.76,
      h: plateH,
    },
    { color: '#ffffff' },
  );
  // status pill along the top edge: what today's stream is about
  drawPill(ctx, design, design.tagline ?? 'Live now', w / 2, h * 0.03, h * 0.065, {
    maxWidth: w * 0.5,
    color: palette.dark,
  });
  cornerBrackets(ctx, design, w, h, h * 0.02, h * 0.07, h * 0.006);
  drawSymbol(ctx, design.symbol, right ? camX - h * 0.05 : camX + camW + h * 0.05, camY + h * 0.04, h * 0.07, {
    fill: palette.accent,
    outline: palette.outline,
    outlineWidth: h * 0.004,
    finish: design.style.finish,
  });
}

function chatBox(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const { palette } = design;
  const inset = w * 0.04;
  const radius = w * 0.08 * (0.3 + design.style.corner);
  const body = roundRectPath(inset, inset, w - inset * 2, h - inset * 2, radius);
  ctx.save();
  ctx.fillStyle = rgba(palette.dark, 0.62);
  ctx.fill(body);
  ctx.clip(body);
  ctx.globalAlpha = 0.6;
  drawPattern(ctx, w, h, design, design.style.patterns[0] ?? 'grid', { x: w / 2, y: 0 });
  ctx.globalAlpha = 1;
  const headerH = h * 0.11;
  const header = ctx.createLinearGradient(0, 0, w, 0);
  header.addColorStop(0, palette.main);
  header.addColorStop(1, palette.second);
  ctx.fillStyle = header;
  ctx.fillRect(0, 0, w, inset + headerH);
  ctx.restore();
  frame(ctx, design, inset, inset, w - inset * 2, h - inset * 2, w * 0.018);
  drawSymbol(ctx, design.symbol, inset + w * 0.12, inset + h * 0.055, h * 0.065, {
    fill: palette.accent,
    outline: palette.outline,
    outlineWidth: w * 0.008,
    finish: 'flat',
  });
  drawHeadline(
    ctx,
    design,
    'Chat',
    { x: inset + w * 0.2, y: inset + h * 0.012, w: w * 0.5, h: h * 0.085 },
    { maxLines: 1, align: 'left' },
  );
}

function alert(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const { palette, random } = design;
  // burst behind the hero
  ctx.save();
  ctx.translate(w / 2, h * 0.36);
  ctx.rotate(random.range(-0.2, 0.2));
  const burst = starPath(16, h * 0.32, h * 0.24).round(h * 0.01);
  const burstFill = ctx.createRadialGradient(0, 0, 0, 0, 0, h * 0.32);
  burstFill.addColorStop(0, lighten(palette.accent, 0.3));
  burstFill.addColorStop(1, palette.main);
  fillWithOutline(ctx, burst, burstFill, palette.outline, h * 0.012);
  ctx.restore();
  drawHero(ctx, design, w / 2, h * 0.36, h * 0.4, design.variation % 2 === 0 ? 'symbol' : 'mascot');
  // ribbon with the event name
  const ribbonY = h * 0.6;
  const ribbonH = h * 0.15;
  ctx.save();
  ctx.fillStyle = darken(palette.second, 0.35);
  for (const side of [-1, 1]) {
    ctx.beginPath();
    const x = w / 2 + side * w * 0.36;
    ctx.moveTo(x, ribbonY + ribbonH * 0.25);
    ctx.lineTo(x + side * w * 0.09, ribbonY + ribbonH * 0.25);
    ctx.lineTo(x + side * w * 0.06, ribbonY + ribbonH * 0.75);
    ctx.lineTo(x + side * w * 0.09, ribbonY + ribbonH * 1.25);
    ctx.lineTo(x, ribbonY + ribbonH * 1.25);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
  const band = roundRectPath(w * 0.12, ribbonY, w * 0.76, ribbonH, ribbonH * 0.2 * (0.3 + design.style.corner));
  const bandFill = ctx.createLinearGradient(0, ribbonY, 0, ribbonY + ribbonH);
  bandFill.addColorStop(0, lighten(palette.second, 0.15));
  bandFill.addColorStop(1, darken(palette.second, 0.15));
  fillWithOutline(ctx, band, bandFill, palette.outline, h * 0.008);
  drawHeadline(ctx, design, design.headline, { x: w * 0.15, y: ribbonY, w: w * 0.7, h: ribbonH }, { maxLines: 1 });
  ctx.lineJoin = 'round';
  for (let i = 0; i < 6; i++) {
    // sparkles stay above the ribbon so they never cover the event name
    const angle = random.range(Math.PI * 0.9, Math.PI * 2.1);
    const distance = h * random.range(0.36, 0.44);
    const sparkle = sparklePath(
      w / 2 + Math.cos(angle) * distance * 1.3,
      h * 0.36 + Math.sin(angle) * distance * 0.8,
      h * random.range(0.02, 0.04),
    );
    fillWithOutline(ctx, sparkle, i % 2 === 0 ? palette.accent : '#ffffff', palette.outline, h * 0.004);
  }
}

export function drawFrame(canvas: Canvas, design: Design): void {
  if (design.type === 'chat_box') {
    chatBox(canvas, design);
  } else if (design.type === 'alert') {
    alert(canvas, design);
  } else {
    overlay(canvas, design);
  }
}
