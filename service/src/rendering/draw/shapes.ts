import { Path2D, type SKRSContext2D } from '@napi-rs/canvas';

export type Ctx = SKRSContext2D;
/** A colour, gradient or pattern. */
export type Paint = SKRSContext2D['fillStyle'];

/** A regular star (or burst) centred on the origin. */
export function starPath(points: number, outer: number, inner: number, rotation = -Math.PI / 2): Path2D {
  const path = new Path2D();
  for (let i = 0; i < points * 2; i++) {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = rotation + (i * Math.PI) / points;
    const x = Math.cos(angle) * radius;
    const y = Math.sin(angle) * radius;
    if (i === 0) {
      path.moveTo(x, y);
    } else {
      path.lineTo(x, y);
    }
  }
  path.closePath();
  return path;
}

/** A regular polygon centred on the origin. */
export function polygonPath(sides: number, radius: number, rotation = -Math.PI / 2): Path2D {
  const path = new Path2D();
  for (let i = 0; i < sides; i++) {
    const angle = rotation + (i * 2 * Math.PI) / sides;
    const x = Math.cos(angle) * radius;
    const y = Math.sin(angle) * radius;
    if (i === 0) {
      path.moveTo(x, y);
    } else {
      path.lineTo(x, y);
    }
  }
  path.closePath();
  return path;
}

export function roundRectPath(x: number, y: number, w: number, h: number, r: number): Path2D {
  const path = new Path2D();
  path.roundRect(x, y, w, h, Math.max(0, Math.min(r, w / 2, h / 2)));
  return path;
}

/** A superellipse ("squircle"): the friendly face shape of mascots. */
export function squirclePath(cx: number, cy: number, rx: number, ry: number, exponent = 3.2): Path2D {
  const path = new Path2D();
  const steps = 96;
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps) * Math.PI * 2;
    const c = Math.cos(t);
    const s = Math.sin(t);
    const x = cx + rx * Math.sign(c) * Math.abs(c) ** (2 / exponent);
    const y = cy + ry * Math.sign(s) * Math.abs(s) ** (2 / exponent);
    if (i === 0) {
      path.moveTo(x, y);
    } else {
      path.lineTo(x, y);
    }
  }
  path.closePath();
  return path;
}

/** A shield: flat top with rounded shoulders, pointed bottom. Fits a box of `w` x `h` from (x, y). */
export function shieldPath(x: number, y: number, w: number, h: number): Path2D {
  const path = new Path2D();
  const r = w * 0.12;
  path.moveTo(x + r, y);
  path.lineTo(x + w - r, y);
  path.quadraticCurveTo(x + w, y, x + w, y + r);
  path.lineTo(x + w, y + h * 0.45);
  path.bezierCurveTo(x + w, y + h * 0.75, x + w * 0.72, y + h * 0.9, x + w / 2, y + h);
  path.bezierCurveTo(x + w * 0.28, y + h * 0.9, x, y + h * 0.75, x, y + h * 0.45);
  path.lineTo(x, y + r);
  path.quadraticCurveTo(x, y, x + r, y);
  path.closePath();
  return path;
}

/** Fills `path` with an outline that grows outward by `width` (stroke first, fill over it). */
export function fillWithOutline(ctx: Ctx, path: Path2D, fill: Paint, outline: string, width: number): void {
  if (width > 0) {
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.lineWidth = width * 2;
    ctx.strokeStyle = outline;
    ctx.stroke(path);
  }
  ctx.fillStyle = fill;
  ctx.fill(path);
}

/** A glossy highlight across the top of `path`, clipped to it. */
export function glossHighlight(
  ctx: Ctx,
  path: Path2D,
  cx: number,
  top: number,
  w: number,
  h: number,
  alpha = 0.35,
): void {
  ctx.save();
  ctx.clip(path);
  const gradient = ctx.createLinearGradient(0, top, 0, top + h);
  gradient.addColorStop(0, `rgba(255,255,255,${alpha})`);
  gradient.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.fillStyle = gradient;
  ctx.beginPath();
  ctx.ellipse(cx, top + h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
}

/** A four-pointed sparkle, a common accent in streamer art. */
export function sparklePath(cx: number, cy: number, r: number): Path2D {
  const path = new Path2D();
  const k = r * 0.22;
  path.moveTo(cx, cy - r);
  path.quadraticCurveTo(cx + k, cy - k, cx + r, cy);
  path.quadraticCurveTo(cx + k, cy + k, cx, cy + r);
  path.quadraticCurveTo(cx - k, cy + k, cx - r, cy);
  path.quadraticCurveTo(cx - k, cy - k, cx, cy - r);
  path.closePath();
  return path;
}
