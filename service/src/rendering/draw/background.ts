import { darken, lighten, mix, rgba } from '../color';
import type { Design } from '../design';
import type { Pattern } from '../style';
import { polygonPath, type Ctx } from './shapes';

/**
 * Scene backgrounds: a deep brand-tinted gradient, a glow where the eye should go, then the style's
 * texture (rays, halftone, synthwave grid…) kept faint so text on top stays readable.
 */

export interface Focus {
  x: number;
  y: number;
}

/** The style's pattern for this variation. */
export function patternFor(design: Design): Pattern {
  const patterns = design.style.patterns;
  return patterns[design.variation % patterns.length] ?? 'rays';
}

export function paintBackground(ctx: Ctx, w: number, h: number, design: Design, focus: Focus, bright = false): void {
  const { palette } = design;
  const base = ctx.createLinearGradient(0, 0, w, h);
  if (bright) {
    base.addColorStop(0, mix(palette.main, palette.dark, 0.15));
    base.addColorStop(1, mix(palette.second, palette.dark, 0.35));
  } else {
    base.addColorStop(0, palette.dark);
    base.addColorStop(0.55, palette.deep);
    base.addColorStop(1, mix(palette.dark, palette.second, 0.22));
  }
  ctx.fillStyle = base;
  ctx.fillRect(0, 0, w, h);

  const glow = ctx.createRadialGradient(focus.x, focus.y, 0, focus.x, focus.y, Math.max(w, h) * 0.6);
  glow.addColorStop(0, rgba(bright ? lighten(palette.main, 0.5) : palette.main, bright ? 0.55 : 0.5));
  glow.addColorStop(1, rgba(palette.main, 0));
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, w, h);

  drawPattern(ctx, w, h, design, patternFor(design), focus);

  // vignette pulls the eye to the middle and darkens edges where text rarely sits
  const vignette = ctx.createRadialGradient(w / 2, h / 2, Math.min(w, h) * 0.35, w / 2, h / 2, Math.max(w, h) * 0.75);
  vignette.addColorStop(0, 'rgba(0,0,0,0)');
  vignette.addColorStop(1, 'rgba(0,0,0,0.45)');
  ctx.fillStyle = vignette;
  ctx.fillRect(0, 0, w, h);
}

export function drawPattern(ctx: Ctx, w: number, h: number, design: Design, pattern: Pattern, focus: Focus): void {
  const { palette, random } = design;
  const unit = Math.max(w, h) / 1920;
  ctx.save();
  switch (pattern) {
    case 'rays': {
      const rays = 18;
      ctx.fillStyle = 'rgba(255,255,255,0.05)';
      const spin = random.range(0, Math.PI);
      for (let i = 0; i < rays; i++) {
        const a = spin + (i * 2 * Math.PI) / rays;
        ctx.beginPath();
        ctx.moveTo(focus.x, focus.y);
        ctx.arc(focus.x, focus.y, Math.max(w, h) * 1.5, a, a + Math.PI / rays);
        ctx.closePath();
        ctx.fill();
      }
      break;
    }
    case 'dots': {
      const step = 28 * unit;
      for (let y = 0; y < h + step; y += step) {
        for (let x = 0; x < w + step; x += step) {
          const d = Math.hypot(x - focus.x, y - focus.y) / Math.max(w, h);
          const r = step * 0.32 * Math.min(1, d * 1.4);
          if (r > 0.4) {
            ctx.fillStyle = rgba(palette.light, 0.07);
            ctx.beginPath();
            ctx.arc(x + ((y / step) % 2) * (step / 2), y, r, 0, Math.PI * 2);
            ctx.fill();
          }
        }
      }
      break;
    }
    case 'grid': {
      const step = 64 * unit;
      ctx.strokeStyle = rgba(palette.light, 0.06);
      ctx.lineWidth = Math.max(1, 2 * unit);
      ctx.beginPath();
      for (let x = 0; x <= w; x += step) {
        ctx.moveTo(x, 0);
        ctx.lineTo(x, h);
      }
      for (let y = 0; y <= h; y += step) {
        ctx.moveTo(0, y);
        ctx.lineTo(w, y);
      }
      ctx.stroke();
      break;
    }
    case 'stripes': {
      const step = 90 * unit;
      ctx.fillStyle = rgba(palette.light, 0.045);
      for (let x = -h; x < w + h; x += step * 2) {
        ctx.beginPath();
        ctx.moveTo(x, h);
        ctx.lineTo(x + step, h);
        ctx.lineTo(x + step + h * 0.6, 0);
        ctx.lineTo(x + h * 0.6, 0);
        ctx.closePath();
        ctx.fill();
      }
      break;
    }
    case 'bokeh': {
      const colors = [palette.main, palette.second, palette.accent, palette.light];
      for (let i = 0; i < 34; i++) {
        const x = random.range(0, w);
        const y = random.range(0, h);
        const r = random.range(12, 90) * unit;
        const g = ctx.createRadialGradient(x, y, 0, x, y, r);
        const color = random.pick(colors);
        g.addColorStop(0, rgba(color, random.range(0.12, 0.3)));
        g.addColorStop(0.7, rgba(color, 0.08));
        g.addColorStop(1, rgba(color, 0));
        ctx.fillStyle = g;
        ctx.fillRect(x - r, y - r, r * 2, r * 2);
      }
      break;
    }
    case 'hex': {
      const r = 54 * unit;
      const hexW = Math.sqrt(3) * r;
      ctx.strokeStyle = rgba(palette.light, 0.07);
      ctx.lineWidth = Math.max(1, 2.5 * unit);
      for (let row = 0, y = 0; y < h + r; row++, y += r * 1.5) {
        for (let x = row % 2 === 0 ? 0 : hexW / 2; x < w + hexW; x += hexW) {
          ctx.save();
          ctx.translate(x, y);
          ctx.stroke(polygonPath(6, r * 0.92));
          ctx.restore();
        }
      }
      break;
    }
    case 'synthwave': {
      const horizon = h * 0.62;
      const sunR = Math.min(w, h) * 0.3;
      const sun = ctx.createLinearGradient(0, horizon - sunR, 0, horizon);
      sun.addColorStop(0, rgba(palette.accent, 0.85));
      sun.addColorStop(1, rgba(palette.main, 0.85));
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, 0, w, horizon);
      ctx.clip();
      ctx.fillStyle = sun;
      ctx.beginPath();
      ctx.arc(focus.x, horizon, sunR, 0, Math.PI * 2);
      ctx.fill();
      // the classic slatted sun
      ctx.globalCompositeOperation = 'destination-out';
      for (let i = 0; i < 7; i++) {
        const y = horizon - sunR * 0.55 + i * sunR * 0.09;
        ctx.fillRect(0, y, w, 3 * unit + i * 2.2 * unit);
      }
      ctx.restore();
      ctx.fillStyle = rgba(darken(palette.dark, 0.3), 0.9);
      ctx.fillRect(0, horizon, w, h - horizon);
      ctx.strokeStyle = rgba(palette.second, 0.55);
      ctx.lineWidth = Math.max(1, 2.5 * unit);
      ctx.beginPath();
      for (let i = 1; i < 12; i++) {
        const y = horizon + (h - horizon) * (i / 11) ** 1.9;
        ctx.moveTo(0, y);
        ctx.lineTo(w, y);
      }
      for (let i = -16; i <= 16; i++) {
        ctx.moveTo(focus.x + i * w * 0.012, horizon);
        ctx.lineTo(focus.x + i * w * 0.16, h);
      }
      ctx.stroke();
      break;
    }
    case 'speedlines': {
      ctx.fillStyle = 'rgba(255,255,255,0.07)';
      for (let i = 0; i < 90; i++) {
        const a = random.range(0, Math.PI * 2);
        const spread = random.range(0.004, 0.014);
        const inner = Math.max(w, h) * random.range(0.22, 0.4);
        const outer = Math.max(w, h) * 1.2;
        ctx.beginPath();
        ctx.moveTo(focus.x + Math.cos(a) * inner, focus.y + Math.sin(a) * inner);
        ctx.lineTo(focus.x + Math.cos(a - spread) * outer, focus.y + Math.sin(a - spread) * outer);
        ctx.lineTo(focus.x + Math.cos(a + spread) * outer, focus.y + Math.sin(a + spread) * outer);
        ctx.closePath();
        ctx.fill();
      }
      break;
    }
    case 'pixels': {
      const cell = 24 * unit;
      const colors = [palette.main, palette.second, palette.accent];
      for (let i = 0; i < 160; i++) {
        const x = Math.floor(random.range(0, w / cell)) * cell;
        const y = Math.floor(random.range(0, h / cell)) * cell;
        ctx.fillStyle = rgba(random.pick(colors), random.range(0.08, 0.22));
        const n = random.int(1, 3);
        ctx.fillRect(x, y, cell * n, cell * random.int(1, 2));
      }
      ctx.strokeStyle = 'rgba(0,0,0,0.18)';
      ctx.lineWidth = Math.max(1, unit);
      ctx.beginPath();
      for (let x = 0; x <= w; x += cell) {
        ctx.moveTo(x, 0);
        ctx.lineTo(x, h);
      }
      for (let y = 0; y <= h; y += cell) {
        ctx.moveTo(0, y);
        ctx.lineTo(w, y);
      }
      ctx.stroke();
      break;
    }
  }
  ctx.restore();
}

/** Big soft-edged slabs of brand colour that frame a scene's sides. */
export function drawSlabs(ctx: Ctx, w: number, h: number, design: Design, mirrored: boolean): void {
  const { palette } = design;
  ctx.save();
  if (mirrored) {
    ctx.translate(w, 0);
    ctx.scale(-1, 1);
  }
  const slab = (x0: number, x1: number, skew: number, color: string, alpha: number): void => {
    const g = ctx.createLinearGradient(x0, 0, x1 + skew, h);
    g.addColorStop(0, rgba(color, alpha));
    g.addColorStop(1, rgba(lighten(color, 0.1), alpha * 0.6));
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.moveTo(x0, 0);
    ctx.lineTo(x1, 0);
    ctx.lineTo(x1 + skew, h);
    ctx.lineTo(x0 + skew, h);
    ctx.closePath();
    ctx.fill();
  };
  slab(w * 0.74, w * 0.86, w * 0.12, palette.main, 0.55);
  slab(w * 0.9, w * 1.2, w * 0.12, palette.second, 0.5);
  slab(-w * 0.2, w * 0.02, -w * 0.08, palette.accent, 0.22);
  ctx.restore();
}
