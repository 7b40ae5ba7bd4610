import { Path2D } from '@napi-rs/canvas';
import { darken, lighten, mix } from '../color';
import type { Finish } from '../style';
import type { SymbolKind } from '../words';
import { glossHighlight, starPath, type Ctx } from './shapes';

/**
 * Bold, icon-like symbols drawn in a 100x100 box: a body that takes the fill and outline, and
 * details drawn in the outline colour. Shapes are deliberately chunky so they survive 18-28 px.
 */
interface SymbolShape {
  body: string | (() => Path2D);
  /** Filled in the outline colour. */
  detail?: string;
  /** Filled lighter than the body. */
  inner?: string;
}

function circle(cx: number, cy: number, r: number): string {
  return `M${cx - r} ${cy} a${r} ${r} 0 1 0 ${2 * r} 0 a${r} ${r} 0 1 0 ${-2 * r} 0 Z`;
}

function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  return `M${cx - rx} ${cy} a${rx} ${ry} 0 1 0 ${2 * rx} 0 a${rx} ${ry} 0 1 0 ${-2 * rx} 0 Z`;
}

const SHAPES: Record<SymbolKind, SymbolShape> = {
  heart: {
    body: 'M50 90 C22 70 5 54 5 32 C5 16 17 6 31 6 C40 6 46 11 50 18 C54 11 60 6 69 6 C83 6 95 16 95 32 C95 54 78 70 50 90 Z',
  },
  star: {
    body: () => {
      const path = starPath(5, 50, 22).round(6);
      return path.transform({ a: 1, b: 0, c: 0, d: 1, e: 50, f: 54 });
    },
  },
  bolt: { body: 'M60 3 L14 56 L43 56 L34 97 L86 40 L56 40 L68 3 Z' },
  crown: {
    body: `M10 80 L5 28 L29 48 L50 14 L71 48 L95 28 L90 80 Z ${circle(5, 26, 7)} ${circle(50, 12, 7)} ${circle(95, 26, 7)}`,
    detail: 'M10 86 L90 86 L90 96 L10 96 Z',
    inner: `${circle(30, 66, 6)} ${circle(50, 64, 7)} ${circle(70, 66, 6)}`,
  },
  flame: {
    body: 'M50 98 C24 98 10 80 12 60 C14 42 27 35 30 17 C39 27 41 37 41 45 C47 34 53 19 48 2 C69 14 88 38 88 62 C88 82 74 98 50 98 Z',
    inner: 'M50 94 C38 94 31 85 33 74 C35 64 43 60 46 50 C56 58 67 68 67 78 C67 88 60 94 50 94 Z',
  },
  gem: {
    body: 'M22 10 L78 10 L96 36 L50 94 L4 36 Z',
    detail:
      'M4 34 L96 34 L96 38 L4 38 Z M35 36 L50 92 L47 92 L31 36 Z M65 36 L53 92 L50 92 L69 36 Z M36 36 L50 10 L53 10 L39 36 Z M64 36 L50 10 L47 10 L61 36 Z',
  },
  controller: {
    body: 'M27 26 L73 26 C88 26 96 38 98 56 C100 73 94 86 83 86 C75 86 71 78 65 71 L35 71 C29 78 25 86 17 86 C6 86 0 73 2 56 C4 38 12 26 27 26 Z',
    detail: `M22 44 L30 44 L30 36 L38 36 L38 44 L46 44 L46 52 L38 52 L38 60 L30 60 L30 52 L22 52 Z ${circle(68, 42, 5)} ${circle(79, 52, 5)}`,
  },
  coffee: {
    body: 'M12 30 L72 30 L72 70 C72 84 62 92 48 92 L36 92 C22 92 12 84 12 70 Z M72 38 C90 38 96 46 96 56 C96 68 86 74 72 72 L72 63 C81 64 86 61 86 56 C86 50 81 47 72 47 Z',
    inner: 'M20 38 L64 38 L64 46 L20 46 Z',
    detail: 'M30 4 C26 10 34 14 30 22 L35 22 C39 14 31 10 35 4 Z M46 4 C42 10 50 14 46 22 L51 22 C55 14 47 10 51 4 Z',
  },
  paw: {
    body: `${ellipse(50, 68, 26, 22)} ${ellipse(20, 42, 11, 14)} ${ellipse(39, 22, 11, 15)} ${ellipse(61, 22, 11, 15)} ${ellipse(80, 42, 11, 14)}`,
  },
  note: {
    body: `${ellipse(28, 78, 18, 14)} ${ellipse(74, 68, 18, 14)} M38 76 L38 20 L92 6 L92 66 L84 66 L84 26 L46 35 L46 76 Z`,
  },
  moon: {
    body: 'M58 4 C32 10 14 32 14 56 C14 80 34 98 60 98 C74 98 88 92 96 80 C90 82 84 83 78 83 C52 83 32 63 32 38 C32 24 42 10 58 4 Z',
    detail: `${circle(66, 28, 5)} ${circle(82, 46, 4)}`,
  },
  trophy: {
    body: 'M26 6 L74 6 L74 40 C74 56 64 64 56 66 L56 76 L68 76 L68 94 L32 94 L32 76 L44 76 L44 66 C36 64 26 56 26 40 Z M26 14 L10 14 C10 34 18 44 30 46 L30 38 C22 36 19 30 18 22 L26 22 Z M74 14 L90 14 C90 34 82 44 70 46 L70 38 C78 36 81 30 82 22 L74 22 Z',
    inner: 'M36 14 L46 14 L46 44 C40 42 36 36 36 28 Z',
  },
};

function bodyPath(shape: SymbolShape): Path2D {
  return typeof shape.body === 'string' ? new Path2D(shape.body) : shape.body();
}

export interface SymbolPaint {
  fill: string;
  outline: string;
  /** Outline width in px at the drawn size. */
  outlineWidth: number;
  finish: Finish;
  /** Colour of the 3D extrusion / glow. */
  shadow?: string;
}

/** Draws `kind` centred on (cx, cy) filling a square of `size` px. */
export function drawSymbol(ctx: Ctx, kind: SymbolKind, cx: number, cy: number, size: number, paint: SymbolPaint): void {
  const shape = SHAPES[kind];
  const body = bodyPath(shape);
  const scale = size / 100;
  const unit = 1 / scale;
  ctx.save();
  ctx.translate(cx - size / 2, cy - size / 2);
  ctx.scale(scale, scale);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  const outline = paint.outlineWidth * unit;

  if (paint.finish === 'soft3d' || paint.finish === 'cel') {
    // extrusion: the body repeated downward in a darker tone
    const depth = paint.finish === 'soft3d' ? 7 : 4;
    ctx.fillStyle = paint.shadow ?? darken(paint.fill, 0.55);
    ctx.strokeStyle = paint.outline;
    ctx.lineWidth = outline * 2;
    ctx.save();
    ctx.translate(0, depth);
    ctx.stroke(body);
    ctx.fill(body);
    ctx.restore();
  }
  if (paint.finish === 'neon') {
    ctx.shadowColor = paint.fill;
    ctx.shadowBlur = 14 * (size / 100);
  }
  ctx.strokeStyle = paint.outline;
  ctx.lineWidth = outline * 2;
  ctx.stroke(body);
  ctx.shadowBlur = 0;
  ctx.shadowColor = 'transparent';

  ctx.fillStyle = fillFor(ctx, paint);
  ctx.fill(body);
  if (paint.finish === 'halftone') {
    halftone(ctx, body, darken(paint.fill, 0.25));
  }
  if (shape.inner) {
    ctx.fillStyle = lighten(paint.fill, 0.45);
    ctx.fill(new Path2D(shape.inner));
  }
  if (shape.detail) {
    ctx.fillStyle = paint.outline;
    ctx.fill(new Path2D(shape.detail));
  }
  if (paint.finish === 'glossy' || paint.finish === 'soft3d') {
    glossHighlight(ctx, body, 42, 4, 70, 38, paint.finish === 'glossy' ? 0.55 : 0.4);
  }
  if (paint.finish === 'cel') {
    ctx.save();
    ctx.clip(body);
    ctx.fillStyle = 'rgba(0,0,0,0.16)';
    ctx.beginPath();
    ctx.ellipse(70, 92, 60, 40, -0.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.restore();
  }
  ctx.restore();
}

function fillFor(ctx: Ctx, paint: SymbolPaint): string | ReturnType<Ctx['createLinearGradient']> {
  switch (paint.finish) {
    case 'flat':
    case 'halftone':
    case 'cel':
      return paint.fill;
    case 'neon':
      return mix(paint.fill, '#000000', 0.55);
    case 'glossy':
    case 'soft3d': {
      const gradient = ctx.createRadialGradient(38, 30, 4, 50, 50, 70);
      gradient.addColorStop(0, lighten(paint.fill, 0.35));
      gradient.addColorStop(0.55, paint.fill);
      gradient.addColorStop(1, darken(paint.fill, 0.3));
      return gradient;
    }
  }
}

/** Retro print dots in the lower half of a shape. */
function halftone(ctx: Ctx, clip: Path2D, color: string): void {
  ctx.save();
  ctx.clip(clip);
  ctx.fillStyle = color;
  for (let y = 40; y < 104; y += 8) {
    for (let x = (y / 8) % 2 === 0 ? 0 : 4; x < 104; x += 8) {
      const r = Math.max(0, ((y - 40) / 64) * 3.4);
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
}
