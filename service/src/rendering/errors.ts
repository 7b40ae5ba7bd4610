import { UpstreamError } from '../shared/errors';

/** Stable codes of image engine failures, for the job's `error_message` and the dashboard. */
export type ImageProviderErrorCode = 'image_provider_timeout' | 'image_provider_error' | 'image_provider_refused';

/**
 * An image model failed. `retryable` tells the job runner whether trying again can help: a timeout
 * or an outage can, a refused prompt or a rejected key cannot.
 */
export class ImageProviderError extends UpstreamError {
  declare readonly code: ImageProviderErrorCode;

  constructor(
    code: ImageProviderErrorCode,
    message: string,
    readonly retryable: boolean,
    details: unknown = null,
  ) {
    super(code, message, details);
  }
}

/** The model refused the prompt under its content policy: the streamer has to rephrase. */
export class ImageRefusedError extends ImageProviderError {
  constructor(providerMessage: string) {
    super(
      'image_provider_refused',
      'The image model refused this prompt under its content policy; rephrase the prompt and try again',
      false,
      { provider_message: providerMessage },
    );
  }
}
