import { errorCodes } from '@aurastream/contract';
import { AppError, NotFoundError } from '../shared/errors';

/** No AuraStream streamer has connected the Twitch channel the panel is installed on. */
export class ChannelNotConnectedError extends NotFoundError {
  constructor() {
    super('An AuraStream streamer for this Twitch channel', errorCodes.channelNotConnected);
  }
}

/** `POST /extension/dev-token` outside development, or with Twitch's own secret configured. */
export class DevTokensDisabledError extends AppError {
  readonly status = 404;
  constructor(reason: string) {
    super(errorCodes.devTokensDisabled, `Development extension tokens are off: ${reason}`);
  }
}
