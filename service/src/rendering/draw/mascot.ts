import { Path2D } from '@napi-rs/canvas';
import { darken, lighten, mix } from '../color';
import type { EyeStyle, Finish } from '../style';
import type { Mood } from '../words';
import { glossHighlight, squirclePath, starPath, type Ctx } from './shapes';

/**
 * The mascot face at the heart of most emotes: a chunky squircle with an expression. Drawn in a
 * 100x100 box; features are big and dark so the mood still reads at 28 px.
 */
export interface MascotPaint {
  skin: string;
  outline: string;
  /** Iris, tongue and accessory colour. */
  accent: string;
  /** Outline width in px at the drawn size. */
  outlineWidth: number;
  finish: Finish;
  eyes: EyeStyle;
  blush: boolean;
  ears: 'none' | 'cat' | 'round';
}

const TAU = Math.PI * 2;

export function drawMascot(ctx: Ctx, mood: Mood, cx: number, cy: number, size: number, paint: MascotPaint): void {
  const scale = size / 100;
  const line = paint.outlineWidth / scale;
  ctx.save();
  ctx.translate(cx - size / 2, cy - size / 2);
  ctx.scale(scale, scale);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';

  const head = squirclePath(50, 55, 45, 41, 2.8);
  const ears = earsPath(paint.ears);
  const skin = mood === 'angry' ? mixSkinRed(paint.skin) : paint.skin;

  // outline under everything, so it grows outward
  ctx.strokeStyle = paint.outline;
  ctx.lineWidth = line * 2;
  if (ears) {
    ctx.stroke(ears);
  }
  if (paint.finish === 'soft3d' || paint.finish === 'cel') {
    ctx.save();
    ctx.translate(0, paint.finish === 'soft3d' ? 5 : 3);
    ctx.fillStyle = darken(skin, 0.5);
    ctx.stroke(head);
    ctx.fill(head);
    ctx.restore();
  }
  ctx.stroke(head);

  const fill = headFill(ctx, skin, paint.finish);
  if (ears) {
    ctx.fillStyle = fill;
    ctx.fill(ears);
    ctx.fillStyle = lighten(paint.accent, 0.35);
    ctx.fill(innerEarsPath(paint.ears));
  }
  ctx.fillStyle = fill;
  ctx.fill(head);
  if (paint.finish === 'cel' || paint.finish === 'flat' || paint.finish === 'halftone') {
    // a single hard shadow band keeps the shape readable without gradients
    ctx.save();
    ctx.clip(head);
    ctx.fillStyle = 'rgba(0,0,0,0.13)';
    ctx.beginPath();
    ctx.ellipse(58, 112, 62, 34, 0, 0, TAU);
    ctx.fill();
    ctx.restore();
  }
  if (paint.finish === 'glossy' || paint.finish === 'soft3d') {
    glossHighlight(ctx, head, 40, 16, 56, 24, 0.45);
  }
  if (paint.blush || mood === 'love') {
    ctx.fillStyle = 'rgba(255, 90, 130, 0.45)';
    ellipse(ctx, 24, 70, 8, 5);
    ellipse(ctx, 76, 70, 8, 5);
  }
  drawFace(ctx, mood, paint, line);
  ctx.restore();
}

/** Angry faces flush red whatever their colour. */
function mixSkinRed(skin: string): string {
  return mix(skin, '#ff4d3d', 0.5);
}

function headFill(ctx: Ctx, skin: string, finish: Finish): string | ReturnType<Ctx['createRadialGradient']> {
  if (finish === 'flat' || finish === 'cel' || finish === 'halftone' || finish === 'neon') {
    return skin;
  }
  const gradient = ctx.createRadialGradient(40, 36, 6, 50, 55, 60);
  gradient.addColorStop(0, lighten(skin, 0.3));
  gradient.addColorStop(0.6, skin);
  gradient.addColorStop(1, darken(skin, 0.22));
  return gradient;
}

function earsPath(kind: MascotPaint['ears']): Path2D | null {
  switch (kind) {
    case 'cat':
      return new Path2D('M10 40 L12 4 L40 22 Z M90 40 L88 4 L60 22 Z');
    case 'round':
      return new Path2D('M6 26 a15 15 0 1 0 30 0 a15 15 0 1 0 -30 0 Z M64 26 a15 15 0 1 0 30 0 a15 15 0 1 0 -30 0 Z');
    case 'none':
      return null;
  }
}

function innerEarsPath(kind: MascotPaint['ears']): Path2D {
  return kind === 'cat'
    ? new Path2D('M17 30 L18 14 L31 23 Z M83 30 L82 14 L69 23 Z')
    : new Path2D('M14 26 a7 7 0 1 0 14 0 a7 7 0 1 0 -14 0 Z M72 26 a7 7 0 1 0 14 0 a7 7 0 1 0 -14 0 Z');
}

function ellipse(ctx: Ctx, x: number, y: number, rx: number, ry: number, rotation = 0): void {
  ctx.beginPath();
  ctx.ellipse(x, y, rx, ry, rotation, 0, TAU);
  ctx.fill();
}

function strokeLine(ctx: Ctx, width: number, draw: () => void): void {
  ctx.lineWidth = width;
  ctx.beginPath();
  draw();
  ctx.stroke();
}

/** An open eye in the preset's style, centred on (x, y). */
function openEye(ctx: Ctx, x: number, y: number, paint: MascotPaint, big = false): void {
  const k = big ? 1.25 : 1;
  ctx.fillStyle = paint.outline;
  switch (paint.eyes) {
    case 'flat':
      ellipse(ctx, x, y, 5 * k, 8 * k);
      return;
    case 'dot':
      ellipse(ctx, x, y, 7 * k, 9 * k);
      ctx.fillStyle = '#ffffff';
      ellipse(ctx, x - 2.5 * k, y - 3.5 * k, 2.6 * k, 2.6 * k);
      return;
    case 'sparkle':
      ellipse(ctx, x, y, 9 * k, 11 * k);
      ctx.fillStyle = '#ffffff';
      ellipse(ctx, x - 3 * k, y - 4 * k, 3.6 * k, 3.6 * k);
      ellipse(ctx, x + 3.5 * k, y + 4 * k, 1.8 * k, 1.8 * k);
      return;
    case 'anime': {
      ellipse(ctx, x, y, 9 * k, 12 * k);
      const iris = ctx.createLinearGradient(0, y - 10 * k, 0, y + 10 * k);
      iris.addColorStop(0, darken(paint.accent, 0.3));
      iris.addColorStop(1, lighten(paint.accent, 0.2));
      ctx.fillStyle = iris;
      ellipse(ctx, x, y + 1.5 * k, 6.5 * k, 9 * k);
      ctx.fillStyle = paint.outline;
      ellipse(ctx, x, y + 2 * k, 3 * k, 4.5 * k);
      ctx.fillStyle = '#ffffff';
      ellipse(ctx, x - 3 * k, y - 4 * k, 3 * k, 3.6 * k);
      ellipse(ctx, x + 3 * k, y + 5 * k, 1.5 * k, 1.5 * k);
      return;
    }
  }
}

function closedEye(ctx: Ctx, x: number, y: number, line: number, happy: boolean): void {
  strokeLine(ctx, line * 1.6, () => {
    if (happy) {
      ctx.arc(x, y + 4, 8, Math.PI * 1.15, Math.PI * 1.85);
    } else {
      ctx.arc(x, y - 4, 8, Math.PI * 0.2, Math.PI * 0.8);
    }
  });
}

function drawFace(ctx: Ctx, mood: Mood, paint: MascotPaint, line: number): void {
  ctx.strokeStyle = paint.outline;
  ctx.fillStyle = paint.outline;
  const eyeY = 52;
  const [lx, rx] = [33, 67];
  switch (mood) {
    case 'happy':
      openEye(ctx, lx, eyeY, paint);
      openEye(ctx, rx, eyeY, paint);
      smile(ctx, line, 14, 72);
      return;
    case 'laugh':
      closedEye(ctx, lx, eyeY, line, true);
      closedEye(ctx, rx, eyeY, line, true);
      openMouth(ctx, paint, 70, 18, 15);
      tear(ctx, 14, 58, paint);
      tear(ctx, 86, 58, paint);
      return;
    case 'love':
      heartEye(ctx, lx, eyeY);
      heartEye(ctx, rx, eyeY);
      smile(ctx, line, 12, 73);
      return;
    case 'sad':
      openEye(ctx, lx, eyeY + 2, paint);
      openEye(ctx, rx, eyeY + 2, paint);
      strokeLine(ctx, line * 1.3, () => {
        ctx.moveTo(22, 38);
        ctx.lineTo(40, 33);
        ctx.moveTo(78, 38);
        ctx.lineTo(60, 33);
      });
      strokeLine(ctx, line * 1.5, () => ctx.arc(50, 86, 11, Math.PI * 1.2, Math.PI * 1.8));
      tear(ctx, 30, 70, paint);
      return;
    case 'angry':
      openEye(ctx, lx, eyeY + 3, paint);
      openEye(ctx, rx, eyeY + 3, paint);
      strokeLine(ctx, line * 1.8, () => {
        ctx.moveTo(20, 34);
        ctx.lineTo(42, 44);
        ctx.moveTo(80, 34);
        ctx.lineTo(58, 44);
      });
      ctx.fillStyle = paint.outline;
      ctx.fill(new Path2D('M34 82 Q50 68 66 82 L66 86 L34 86 Z'));
      return;
    case 'shock':
      ctx.fillStyle = '#ffffff';
      ellipse(ctx, lx, eyeY - 2, 11, 13);
      ellipse(ctx, rx, eyeY - 2, 11, 13);
      ctx.lineWidth = line;
      ctx.beginPath();
      ctx.ellipse(lx, eyeY - 2, 11, 13, 0, 0, TAU);
      ctx.moveTo(rx + 11, eyeY - 2);
      ctx.ellipse(rx, eyeY - 2, 11, 13, 0, 0, TAU);
      ctx.stroke();
      ctx.fillStyle = paint.outline;
      ellipse(ctx, lx, eyeY - 1, 4, 4.5);
      ellipse(ctx, rx, eyeY - 1, 4, 4.5);
      ellipse(ctx, 50, 80, 8, 10);
      return;
    case 'cool':
      ctx.fill(
        new Path2D(
          'M12 42 L88 42 L86 50 C84 62 72 64 62 60 C56 58 54 52 50 52 C46 52 44 58 38 60 C28 64 16 62 14 50 Z',
        ),
      );
      ctx.fillStyle = 'rgba(255,255,255,0.55)';
      ctx.fill(new Path2D('M20 46 L30 46 L24 56 L18 56 Z M66 46 L76 46 L70 56 L64 56 Z'));
      strokeLine(ctx, line * 1.4, () => {
        ctx.moveTo(38, 78);
        ctx.quadraticCurveTo(54, 84, 66, 72);
      });
      return;
    case 'sleepy':
      closedEye(ctx, lx, eyeY + 4, line, false);
      closedEye(ctx, rx, eyeY + 4, line, false);
      ellipse(ctx, 50, 78, 5, 6);
      ctx.fill(new Path2D('M70 4 L90 4 L90 8 L77 18 L90 18 L90 22 L70 22 L70 18 L83 8 L70 8 Z'));
      return;
    case 'hype':
      starEye(ctx, lx, eyeY, paint);
      starEye(ctx, rx, eyeY, paint);
      openMouth(ctx, paint, 70, 17, 14);
      return;
    case 'wink':
      openEye(ctx, lx, eyeY, paint);
      closedEye(ctx, rx, eyeY, line, true);
      smile(ctx, line, 13, 72);
      ctx.fillStyle = '#ff5c8a';
      ctx.strokeStyle = paint.outline;
      ctx.lineWidth = line;
      ctx.beginPath();
      ctx.ellipse(56, 82, 6, 7, 0, 0, Math.PI);
      ctx.fill();
      ctx.stroke();
      return;
  }
}

function smile(ctx: Ctx, line: number, width: number, y: number): void {
  strokeLine(ctx, line * 1.5, () => ctx.arc(50, y - width * 0.6, width, Math.PI * 0.2, Math.PI * 0.8));
}

function openMouth(ctx: Ctx, paint: MascotPaint, y: number, w: number, h: number): void {
  const mouth = new Path2D(
    `M${50 - w} ${y} Q50 ${y + 2} ${50 + w} ${y} Q${50 + w} ${y + h * 1.3} 50 ${y + h * 1.3} Q${50 - w} ${y + h * 1.3} ${50 - w} ${y} Z`,
  );
  ctx.fillStyle = paint.outline;
  ctx.fill(mouth);
  ctx.save();
  ctx.clip(mouth);
  ctx.fillStyle = '#ff6b8b';
  ellipse(ctx, 50, y + h * 1.3, w * 0.6, h * 0.55);
  ctx.restore();
}

function tear(ctx: Ctx, x: number, y: number, paint: MascotPaint): void {
  const drop = new Path2D(
    `M${x} ${y - 10} C${x + 7} ${y} ${x + 8} ${y + 4} ${x + 8} ${y + 6} A8 8 0 1 1 ${x - 8} ${y + 6} C${x - 8} ${y + 4} ${x - 7} ${y} ${x} ${y - 10} Z`,
  );
  ctx.fillStyle = '#5ec8ff';
  ctx.strokeStyle = paint.outline;
  ctx.lineWidth = paint.outlineWidth > 0 ? 2.4 : 0;
  ctx.stroke(drop);
  ctx.fill(drop);
  ctx.fillStyle = 'rgba(255,255,255,0.7)';
  ellipse(ctx, x - 3, y + 4, 2, 3);
}

function heartEye(ctx: Ctx, x: number, y: number): void {
  const heart = new Path2D(
    'M0 9 C-6 4 -10 1 -10 -4 C-10 -8 -7 -10 -4 -10 C-2 -10 -0.5 -9 0 -7 C0.5 -9 2 -10 4 -10 C7 -10 10 -8 10 -4 C10 1 6 4 0 9 Z',
  );
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(1.25, 1.25);
  ctx.fillStyle = '#ff2d6f';
  ctx.fill(heart);
  ctx.restore();
}

function starEye(ctx: Ctx, x: number, y: number, paint: MascotPaint): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.fillStyle = '#ffd43b';
  ctx.strokeStyle = paint.outline;
  ctx.lineWidth = 2.5;
  const star = starPath(5, 12, 5.5).round(1.5);
  ctx.stroke(star);
  ctx.fill(star);
  ctx.restore();
}
