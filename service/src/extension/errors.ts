import { AppError, NotFoundError } from '../shared/errors';

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
