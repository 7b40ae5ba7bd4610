import { type Canvas } from '@napi-rs/canvas';
import { darken, lighten, mix, rgba } from '../color';
import type { Design } from '../design';
import { drawSlabs, paintBackground } from '../draw/background';
import { drawHero, drawLogoBadge } from '../draw/emblem';
import { pixelate } from '../draw/pixelate';
import type { Ctx } from '../draw/shapes';
import type { Mood } from '../words';
import { drawCaption, drawHeadline, drawPill } from '../draw/typography';

/**
 * Opaque composed scenes: profile banner, offline screen, starting soon, BRB, ending, transition and
 * thumbnail. Two arrangements (centre stage, split with a hero) alternate across variations.
 */

/** A mood that suits each scene, used when the prompt names none. */
const SCENE_MOODS: Partial<Record<Design['type'], Mood>> = {
  starting_soon: 'hype',
  brb: 'sleepy',
  ending: 'love',
  offline_screen: 'wink',
  thumbnail: 'shock',
};

function sceneMood(design: Design): Mood {
  return design.promptMood ?? (design.variation < 2 ? SCENE_MOODS[design.type] : undefined) ?? design.mood;
}

/** Styles built around a character get the mascot; sleeker ones the symbol. */
function heroMode(design: Design): 'mascot' | 'symbol' {
  const sleek = design.style.id === 'minimal_flat' || design.style.id === 'bold_esports' || design.style.id === 'neon';
  return design.prefersSymbol || sleek ? 'symbol' : 'mascot';
}

/** Background art; pixel-art styles get it pixelated before any text goes on top. */
function backdrop(canvas: Canvas, design: Design, focus: { x: number; y: number }, bright = false): void {
  const ctx = canvas.getContext('2d');
  paintBackground(ctx, canvas.width, canvas.height, design, focus, bright);
  if (design.style.pixelate) {
    pixelate(canvas, Math.round(canvas.width / 12), Math.round(canvas.height / 12));
  }
}

function loadingDots(ctx: Ctx, design: Design, cx: number, cy: number, r: number): void {
  const colors = [design.palette.main, design.palette.second, design.palette.accent];
  for (let i = 0; i < 3; i++) {
    ctx.fillStyle = colors[i] ?? design.palette.main;
    ctx.strokeStyle = 'rgba(255,255,255,0.8)';
    ctx.lineWidth = r * 0.25;
    ctx.beginPath();
    ctx.arc(cx + (i - 1) * r * 3.2, cy, r * (1 - i * 0.12), 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }
}

/** The extra touch each scene type gets under its headline. */
function sceneExtra(ctx: Ctx, design: Design, cx: number, y: number, unit: number): void {
  if (design.type === 'starting_soon') {
    loadingDots(ctx, design, cx, y, 14 * unit);
  }
}

function centreStage(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const unit = h / 1080;
  backdrop(canvas, design, { x: w / 2, y: h * 0.46 });
  drawSlabs(ctx, w, h, design, design.variation % 4 === 2);
  drawLogoBadge(ctx, design, w / 2, h * 0.2, h * 0.1);
  const headline = drawHeadline(ctx, design, design.headline, { x: w * 0.08, y: h * 0.3, w: w * 0.84, h: h * 0.3 });
  let y = h * 0.3 + h * 0.15 + headline.height / 2 + h * 0.04;
  if (design.subline) {
    drawCaption(ctx, design, design.subline, { x: w * 0.2, y, w: w * 0.6, h: h * 0.05 });
    y += h * 0.08;
  }
  if (design.tagline) {
    drawPill(ctx, design, design.tagline, w / 2, y, h * 0.075, { maxWidth: w * 0.7 });
    y += h * 0.12;
  }
  sceneExtra(ctx, design, w / 2, Math.max(y + h * 0.03, h * 0.8), unit);
  // the character waves from a lower corner, clear of the centred text
  const cornerX = design.variation % 4 === 2 ? w * 0.88 : w * 0.12;
  drawHero(ctx, design, cornerX, h * 0.78, h * 0.3, heroMode(design), sceneMood(design));
  footer(ctx, design, w, h);
}

function split(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const unit = h / 1080;
  const mirrored = design.variation % 4 === 3;
  const heroX = mirrored ? w * 0.25 : w * 0.75;
  backdrop(canvas, design, { x: heroX, y: h * 0.48 });
  drawSlabs(ctx, w, h, design, mirrored);
  drawHero(ctx, design, heroX, h * 0.48, h * 0.5, heroMode(design), sceneMood(design));
  const left = mirrored ? w * 0.47 : w * 0.06;
  const column = w * 0.47;
  const align = 'left';
  drawLogoBadge(ctx, design, left + h * 0.07, h * 0.16, h * 0.07);
  const headline = drawHeadline(
    ctx,
    design,
    design.headline,
    { x: left, y: h * 0.28, w: column, h: h * 0.34 },
    { maxLines: 3, align },
  );
  let y = h * 0.28 + h * 0.17 + headline.height / 2 + h * 0.04;
  if (design.subline) {
    drawCaption(ctx, design, design.subline, { x: left, y, w: column, h: h * 0.045 }, { align });
    y += h * 0.075;
  }
  if (design.tagline) {
    drawPill(ctx, design, design.tagline, left, y, h * 0.07, { align: 'left', maxWidth: column });
    y += h * 0.11;
  }
  sceneExtra(ctx, design, left + 40 * unit, y + h * 0.03, unit);
  footer(ctx, design, w, h);
}

/** Channel name along the bottom, thin brand-coloured rule above it. */
function footer(ctx: Ctx, design: Design, w: number, h: number): void {
  if (!design.channelName || design.type === 'banner') {
    return;
  }
  const y = h * 0.88;
  const rule = ctx.createLinearGradient(w * 0.3, 0, w * 0.7, 0);
  rule.addColorStop(0, rgba(design.palette.main, 0));
  rule.addColorStop(0.5, rgba(design.palette.accent, 0.9));
  rule.addColorStop(1, rgba(design.palette.second, 0));
  ctx.fillStyle = rule;
  ctx.fillRect(w * 0.3, y, w * 0.4, Math.max(2, h * 0.004));
  drawCaption(ctx, design, `twitch.tv/${design.channelName.replace(/\s+/g, '')}`, {
    x: w * 0.25,
    y: y + h * 0.02,
    w: w * 0.5,
    h: h * 0.045,
  });
}

function banner(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const mirrored = design.variation % 2 === 1;
  const emblemX = mirrored ? w * 0.2 : w * 0.8;
  backdrop(canvas, design, { x: emblemX, y: h * 0.5 });
  drawSlabs(ctx, w, h, design, mirrored);
  if (design.variation % 4 >= 2) {
    drawHero(ctx, design, emblemX, h * 0.5, h * 0.62, heroMode(design), sceneMood(design));
  } else {
    drawLogoBadge(ctx, design, emblemX, h * 0.5, h * 0.28);
  }
  // Twitch crops the sides on narrow screens: text stays inside the middle 1000 px
  const left = mirrored ? w * 0.36 : w * 0.09;
  const column = w * 0.55;
  const headline = drawHeadline(
    ctx,
    design,
    design.headline,
    { x: left, y: h * 0.18, w: column, h: h * 0.42 },
    { maxLines: 2, align: 'left' },
  );
  if (design.tagline) {
    drawPill(ctx, design, design.tagline, left, h * 0.18 + h * 0.21 + headline.height / 2 + h * 0.06, h * 0.12, {
      align: 'left',
      maxWidth: column,
    });
  }
}

function transition(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const { palette } = design;
  backdrop(canvas, design, { x: w / 2, y: h / 2 });
  const bands = [palette.main, palette.second, palette.accent, lighten(palette.main, 0.25)];
  const skew = w * 0.25;
  const flip = design.variation % 2 === 1 ? -1 : 1;
  ctx.save();
  if (flip < 0) {
    ctx.translate(w, 0);
    ctx.scale(-1, 1);
  }
  bands.forEach((color, i) => {
    const x = -skew + i * w * 0.18 + w * 0.05;
    const g = ctx.createLinearGradient(x, 0, x + w * 0.3, h);
    g.addColorStop(0, color);
    g.addColorStop(1, darken(color, 0.3));
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.moveTo(x + skew, 0);
    ctx.lineTo(x + skew + w * 0.14, 0);
    ctx.lineTo(x + w * 0.14, h);
    ctx.lineTo(x, h);
    ctx.closePath();
    ctx.fill();
  });
  ctx.restore();
  const ring = ctx.createRadialGradient(w / 2, h / 2, h * 0.1, w / 2, h / 2, h * 0.5);
  ring.addColorStop(0, rgba(palette.dark, 0.85));
  ring.addColorStop(1, rgba(palette.dark, 0));
  ctx.fillStyle = ring;
  ctx.fillRect(0, 0, w, h);
  drawLogoBadge(ctx, design, w / 2, h * 0.44, h * 0.2);
  drawHeadline(ctx, design, design.headline, { x: w * 0.2, y: h * 0.68, w: w * 0.6, h: h * 0.14 }, { maxLines: 1 });
}

function thumbnail(canvas: Canvas, design: Design): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const mirrored = design.variation % 2 === 1;
  const heroX = mirrored ? w * 0.23 : w * 0.77;
  backdrop(canvas, design, { x: heroX, y: h * 0.45 }, true);
  drawSlabs(ctx, w, h, design, mirrored);
  drawHero(
    ctx,
    design,
    heroX,
    h * 0.52,
    h * 0.78,
    design.variation % 4 >= 2 ? 'symbol' : heroMode(design),
    sceneMood(design),
  );
  const left = mirrored ? w * 0.46 : w * 0.04;
  const column = w * 0.52;
  const { palette } = design;
  const tag = design.tagline && design.tagline.length <= 24 ? design.tagline : design.channelName;
  if (tag) {
    drawPill(ctx, design, tag, left + w * 0.01, h * 0.07, h * 0.1, {
      align: 'left',
      color: palette.accent,
      maxWidth: column,
    });
  }
  drawHeadline(
    ctx,
    design,
    design.headline,
    { x: left, y: h * 0.22, w: column, h: h * 0.7 },
    { maxLines: 3, align: 'left' },
  );
  // a bright edge frame makes thumbnails pop in a grid
  ctx.strokeStyle = mix(palette.accent, '#ffffff', 0.3);
  ctx.lineWidth = h * 0.018;
  ctx.strokeRect(ctx.lineWidth / 2, ctx.lineWidth / 2, w - ctx.lineWidth, h - ctx.lineWidth);
}

/** Banner, transition and thumbnail have their own layouts; the other scenes alternate two. */
export function drawScene(canvas: Canvas, design: Design): void {
  if (design.type === 'banner') {
    banner(canvas, design);
  } else if (design.type === 'transition') {
    transition(canvas, design);
  } else if (design.type === 'thumbnail') {
    thumbnail(canvas, design);
  } else if (design.variation % 2 === 0) {
    centreStage(canvas, design);
  } else {
    split(canvas, design);
  }
}
