import { AppError, NotFoundError, UnauthorizedError } from '../shared/errors';

/** No AuraStream streamer has connected the Twitch channel the panel is installed on. */
export class ChannelNotConnectedError extends NotFoundError {
  constructor() {
    super('An AuraStream streamer for this Twitch channel', 'channel_not_connected');
  }
}

/** `POST /extension/dev-token` outside development, or with Twitch's own secret configured. */
export class DevTokensDisabledError extends AppError {
  readonly status = 404;
  constructor(reason: string) {
    super('dev_tokens_disabled', `Development extension tokens are off: ${reason}`);
  }
}

/** Production without TWITCH_EXTENSION_SECRET: no viewer token can be checked. */
export class ExtensionNotConfiguredError extends AppError {
  readonly status = 503;
  constructor() {
    super('extension_not_configured', 'The Twitch extension is not set up on this AuraStream server');
  }
}

export const extensionTokenErrors = {
  missing: () =>
    new UnauthorizedError(
      'Send the Twitch extension JWT as `Authorization: Bearer` or `x-extension-jwt`',
      'extension_token_missing',
    ),
  invalid: () => new UnauthorizedError('The Twitch extension JWT is invalid', 'extension_token_invalid'),
  expired: () => new UnauthorizedError('The Twitch extension JWT has expired', 'extension_token_expired'),
};
