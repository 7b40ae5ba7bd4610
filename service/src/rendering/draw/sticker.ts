import { createCanvas, type Canvas } from '@napi-rs/canvas';

/**
 * A thin light rim around everything drawn on a transparent canvas, like a die-cut sticker: the
 * dark outline reads on Twitch's light theme and the rim keeps the silhouette on the dark one.
 */
export function stickerRim(canvas: Canvas, radius: number, color: string): void {
  const { width, height } = canvas;
  const art = createCanvas(width, height);
  art.getContext('2d').drawImage(canvas, 0, 0);
  const rim = createCanvas(width, height);
  const rimCtx = rim.getContext('2d');
  const steps = 16;
  for (let i = 0; i < steps; i++) {
    const angle = (i / steps) * Math.PI * 2;
    rimCtx.drawImage(art, Math.cos(angle) * radius, Math.sin(angle) * radius);
  }
  rimCtx.globalCompositeOperation = 'source-in';
  rimCtx.fillStyle = color;
  rimCtx.fillRect(0, 0, width, height);
  const ctx = canvas.getContext('2d');
  ctx.save();
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(rim, 0, 0);
  ctx.drawImage(art, 0, 0);
  ctx.restore();
}
