import {
  ApiError,
  CHAT_COMMAND_BATCH_MAX,
  type Camelize,
  type ChatCommandBody,
  type ChatCommandResultResponse,
} from '@aurastream/contract';
import type { BotServiceClient } from './service-client';

type Command = Camelize<ChatCommandBody>;
type Result = Camelize<ChatCommandResultResponse>;

interface Waiting {
  command: Command;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Sends the chat commands relayed in one turn of the event loop to the service together: one
 * `commands/batch` request for many channels in a burst (a request costs both processes far more
 * than the command it carries), `commands` for a message heard alone. Each caller gets its own
 * result, or the error `commands` would have answered it (an `ApiError`); when the request fails,
 * every message in it fails alike.
 */
export class CommandBatcher {
  private waiting: Waiting[] = [];
  private flushScheduled = false;

  constructor(private readonly service: BotServiceClient) {}

  run(command: Command): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ command, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (let start = 0; start < waiting.length; start += CHAT_COMMAND_BATCH_MAX) {
      void this.send(waiting.slice(start, start + CHAT_COMMAND_BATCH_MAX));
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    const [only] = batch;
    if (batch.length === 1 && only) {
      await this.service.bot.command({ body: only.command }).then(only.resolve, only.reject);
      return;
    }
    try {
      const { results } = await this.service.bot.commandBatch({
        body: { messages: batch.map((each) => each.command) },
      });
      batch.forEach((each, index) => {
        const item = results[index];
        if (!item) {
          each.reject(new ApiError(502, 'batch_incomplete', 'The service answered fewer results than messages'));
        } else if ('result' in item) {
          each.resolve(item.result);
        } else {
          each.reject(new ApiError(item.status, item.error.code, item.error.message, item.error.details ?? null));
        }
      });
    } catch (error) {
      for (const each of batch) {
        each.reject(error);
      }
    }
  }
}
