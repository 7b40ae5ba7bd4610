import type { RawImage } from './encode';
import { resolveDesign } from './design';
import { drawDesign } from './layouts/index';
import type { RenderRequest } from './types';

/** The drawn master image of a request, before it is resized and encoded. */
export interface MasterImage {
  image: RawImage;
  /** Pixel art is resized with nearest-neighbour so its pixels stay square. */
  pixelArt: boolean;
  /** Every line of text drawn on it, in order. */
  text: string[];
}

/**
 * Draws a request at its master size. CPU-bound and synchronous once the logo is decoded, which is
 * why the render pool runs it on worker threads.
 */
export async function renderMaster(request: RenderRequest): Promise<MasterImage> {
  const design = await resolveDesign(request);
  const { canvas, text } = drawDesign(design, request.prompt);
  // a copy the caller owns (and a worker can transfer), not a view of the canvas's memory
  const data = new Uint8Array(canvas.data());
  return { image: { width: canvas.width, height: canvas.height, data }, pixelArt: design.style.pixelate, text };
}
