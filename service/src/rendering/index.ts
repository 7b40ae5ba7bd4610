import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import { BuiltinImageProvider } from './builtin-provider';
import { OpenAIImageProvider } from './openai-provider';
import { RenderPool } from './render-pool';
import type { ImageProvider } from './types';

export type * from './types';
export { TWITCH_DIMENSIONS, dimensionsFor } from './dimensions';
export type { AssetDimensions, OutputSize, ImageFormat } from './dimensions';
export { ImageProviderError, ImageRefusedError, type ImageProviderErrorCode } from './errors';
export { ByteLimitError } from './encode';
export { assessLegibility } from './legibility';
export { buildImagePrompt } from './prompt';
export { BuiltinImageProvider, OpenAIImageProvider, RenderPool };

/** An image provider the container owns: `close()` releases its threads on shutdown. */
export interface ImageEngine extends ImageProvider {
  close(): Promise<void>;
}

/** OpenAI's image model when an API key is configured, else the built-in renderer. */
export function createImageProvider(config: Pick<Config, 'openai' | 'rendering'>, logger: Logger): ImageEngine {
  const { apiKey } = config.openai;
  if (apiKey) {
    logger.info(
      { model: config.openai.imageModel, baseUrl: config.openai.baseUrl },
      'images come from the OpenAI image model',
    );
    return new OpenAIImageProvider({ ...config.openai, apiKey }, logger);
  }
  logger.info({ threads: config.rendering.threads }, 'images come from the built-in renderer');
  return new BuiltinImageProvider(new RenderPool(config.rendering.threads, logger));
}
