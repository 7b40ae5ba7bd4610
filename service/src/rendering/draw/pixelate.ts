import { createCanvas, type Canvas } from '@napi-rs/canvas';

/**
 * Turns what is on `canvas` into pixel art: averaged down to a `cellsX` x `cellsY` grid, alpha
 * snapped to on/off so edges stay crisp, then blown back up without smoothing.
 */
export function pixelate(
  canvas: Canvas,
  cellsX: number,
  cellsY: number,
  region?: { x: number; y: number; w: number; h: number },
): void {
  const area = region ?? { x: 0, y: 0, w: canvas.width, h: canvas.height };
  const small = createCanvas(cellsX, cellsY);
  const smallCtx = small.getContext('2d');
  smallCtx.imageSmoothingEnabled = true;
  smallCtx.imageSmoothingQuality = 'high';
  smallCtx.drawImage(canvas, area.x, area.y, area.w, area.h, 0, 0, cellsX, cellsY);
  const image = smallCtx.getImageData(0, 0, cellsX, cellsY);
  const data = image.data;
  for (let i = 3; i < data.length; i += 4) {
    data[i] = (data[i] ?? 0) >= 110 ? 255 : 0;
  }
  smallCtx.putImageData(image, 0, 0);
  const ctx = canvas.getContext('2d');
  ctx.save();
  ctx.clearRect(area.x, area.y, area.w, area.h);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, cellsX, cellsY, area.x, area.y, area.w, area.h);
  ctx.restore();
}
