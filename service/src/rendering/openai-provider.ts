import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import sharp from 'sharp';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import { cutOutBackground, needsCutout } from './cutout';
import { dimensionsFor, type AssetDimensions } from './dimensions';
import { encodeAllSizes } from './encode';
import { ImageProviderError, ImageRefusedError } from './errors';
import { assessRenderedLegibility } from './legibility';
import { buildImagePrompt } from './prompt';
import type { ImageProvider, RenderRequest, RenderResult } from './types';

type ModelFamily = 'gpt-image' | 'dall-e-3' | 'dall-e-2';

/** DALL·E models take different sizes and options from the GPT image models (and most look-alikes). */
function familyOf(model: string): ModelFamily {
  if (/^dall-e-2/i.test(model)) {
    return 'dall-e-2';
  }
  if (/^dall-e-3/i.test(model)) {
    return 'dall-e-3';
  }
  return 'gpt-image';
}

/** The model's size closest to the asset's aspect ratio; the result is cropped to the exact sizes. */
function requestSize(family: ModelFamily, dims: AssetDimensions): string {
  const largest = dims.sizes[0]!;
  const aspect = largest.width / largest.height;
  const shape = aspect > 1.2 ? 'wide' : aspect < 0.83 ? 'tall' : 'square';
  switch (family) {
    case 'dall-e-2':
      return largest.width <= 112 ? '512x512' : '1024x1024';
    case 'dall-e-3':
      return shape === 'wide' ? '1792x1024' : shape === 'tall' ? '1024x1792' : '1024x1024';
    case 'gpt-image':
      return shape === 'wide' ? '1536x1024' : shape === 'tall' ? '1024x1536' : '1024x1024';
  }
}

function generateParams(
  family: ModelFamily,
  model: string,
  dims: AssetDimensions,
  prompt: string,
): OpenAI.Images.ImageGenerateParamsNonStreaming {
  const params: OpenAI.Images.ImageGenerateParamsNonStreaming = {
    model,
    prompt,
    n: 1,
    size: requestSize(family, dims),
  };
  if (family === 'gpt-image') {
    // GPT image models always answer in base64 and reject `response_format`
    params.output_format = 'png';
    params.background = dims.transparent ? 'transparent' : 'opaque';
  } else {
    params.response_format = 'b64_json';
  }
  return params;
}

function isRefusal(error: APIError): boolean {
  return (
    error.status === 400 &&
    (error.code === 'content_policy_violation' ||
      error.code === 'moderation_blocked' ||
      /content policy|safety system|moderation/i.test(error.message))
  );
}

/**
 * Images from OpenAI (or any OpenAI-compatible image API): one generation per request, then cropped
 * around what draws the eye to every size the asset type needs, transparency kept where Twitch
 * expects it, each file within the byte limit.
 */
export class OpenAIImageProvider implements ImageProvider {
  readonly name = 'openai' as const;
  private readonly client: OpenAI;

  constructor(
    private readonly settings: Config['openai'] & { apiKey: string },
    private readonly logger: Logger,
  ) {
    // the job queue retries with backoff, so the client does not retry on its own
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      maxRetries: 0,
    });
  }

  /** Nothing to release: requests hold no connection between renders. */
  async close(): Promise<void> {}

  async render(request: RenderRequest, signal?: AbortSignal): Promise<RenderResult> {
    signal?.throwIfAborted();
    const dims = dimensionsFor(request.asset_type);
    const model = this.settings.imageModel;
    const family = familyOf(model);
    const prompt = buildImagePrompt(request, family === 'dall-e-2' ? 1000 : 4000);
    let image = await this.generate(generateParams(family, model, dims, prompt), signal);
    if (dims.transparent && (await needsCutout(image))) {
      image = await cutOutBackground(image);
    }
    signal?.throwIfAborted();
    const files = await encodeAllSizes({ kind: 'encoded', data: image }, dims);
    const legibility = await assessRenderedLegibility(files, dims.legibility_px);
    return { files, provider: 'openai', model, legibility, prompt_used: prompt, text_drawn: null };
  }

  private async generate(params: OpenAI.Images.ImageGenerateParamsNonStreaming, signal?: AbortSignal): Promise<Buffer> {
    let response: OpenAI.Images.ImagesResponse;
    try {
      response = await this.client.images.generate(params, { signal });
    } catch (error) {
      throw this.translate(error, signal);
    }
    const item = response.data?.[0];
    let bytes: Buffer | null = null;
    if (item?.b64_json) {
      bytes = Buffer.from(item.b64_json, 'base64');
    } else if (item?.url) {
      bytes = await this.download(item.url, signal);
    }
    if (!bytes || bytes.length === 0) {
      throw new ImageProviderError('image_provider_error', 'The image model answered without an image', true);
    }
    try {
      await sharp(bytes).metadata();
    } catch {
      throw new ImageProviderError('image_provider_error', 'The image model answered with an unreadable image', true);
    }
    return bytes;
  }

  private async download(url: string, signal?: AbortSignal): Promise<Buffer> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      if (!response.ok) {
        throw new ImageProviderError(
          'image_provider_error',
          `Downloading the generated image failed (HTTP ${response.status})`,
          true,
        );
      }
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (error instanceof ImageProviderError) {
        throw error;
      }
      signal?.throwIfAborted();
      if (timeout.aborted) {
        throw new ImageProviderError('image_provider_timeout', 'Downloading the generated image timed out', true);
      }
      throw new ImageProviderError('image_provider_error', 'Downloading the generated image failed', true);
    }
  }

  private translate(error: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted) {
      return signal.reason;
    }
    if (error instanceof APIConnectionTimeoutError) {
      return new ImageProviderError(
        'image_provider_timeout',
        `The image model did not answer within ${this.settings.timeoutMs} ms`,
        true,
      );
    }
    if (error instanceof APIConnectionError) {
      return new ImageProviderError('image_provider_error', 'The image model could not be reached', true);
    }
    if (error instanceof APIError) {
      // `instanceof` widens the class's generics to `any`; pin them back to the declared defaults
      const apiError: APIError = error as APIError;
      if (isRefusal(apiError)) {
        return new ImageRefusedError(apiError.message);
      }
      const status = apiError.status ?? 0;
      this.logger.warn({ status, code: apiError.code, requestId: apiError.requestID }, 'image model request failed');
      return new ImageProviderError(
        'image_provider_error',
        status === 401 || status === 403
          ? 'The image model rejected the configured API key'
          : `The image model failed (HTTP ${status})`,
        status === 429 || status >= 500,
        { status, provider_code: apiError.code ?? null },
      );
    }
    return error;
  }
}
