import { dimensionsFor } from './dimensions';
import { encodeAllSizes } from './encode';
import { assessRenderedLegibility } from './legibility';
import { buildImagePrompt } from './prompt';
import type { RenderPool } from './render-pool';
import type { ImageProvider, RenderRequest, RenderResult } from './types';

/**
 * The default image engine: draws every asset type from the brand kit and the prompt with no
 * network and no key. Masters are drawn on the render pool, then resized and encoded with sharp
 * (much faster than the canvas's own PNG encoder, and smaller files).
 */
export class BuiltinImageProvider implements ImageProvider {
  readonly name = 'builtin' as const;

  constructor(private readonly pool: RenderPool) {}

  /** Stops the render threads. */
  async close(): Promise<void> {
    await this.pool.close();
  }

  async render(request: RenderRequest, signal?: AbortSignal): Promise<RenderResult> {
    const dims = dimensionsFor(request.asset_type);
    const master = await this.pool.render(request, signal);
    signal?.throwIfAborted();
    const files = await encodeAllSizes({ kind: 'raw', image: master.image, pixelArt: master.pixelArt }, dims);
    const legibility = await assessRenderedLegibility(files, dims.legibility_px);
    return {
      files,
      provider: 'builtin',
      model: null,
      legibility,
      prompt_used: buildImagePrompt(request),
      text_drawn: master.text,
    };
  }
}
