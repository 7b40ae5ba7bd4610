import type { ChatReply } from '@aurastream/contract';
import type { BotChannel, ChatTransport } from './chat-transport';
import type { BotLogger } from './logger';
import { TWITCH_CHAT_LIMITS, type ChatLimits, type ReplyQueue } from './reply-queue';

/** How often the held channels' queues are looked at when nothing kicks them. */
const DRAIN_INTERVAL_MS = 250;
/** A send that has not finished by then is given up (a connection lost mid-send), so the channel moves on. */
const SEND_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from chat within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends the replies of the channels this process holds, as fast as the reply queue's limits let
 * it: one channel at a time each (in order), woken at once when replies are queued.
 */
export class ReplyDrainer {
  private readonly busy = new Set<string>();
  private readonly notBefore = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: {
      queue: ReplyQueue;
      transport: () => ChatTransport;
      heldChannels: () => BotChannel[];
      limits?: { moderator: ChatLimits; regular: ChatLimits };
      logger: BotLogger;
      /** Told of every reply sent (or dropped by Twitch), for tests and metrics. */
      onSent?: (channel: BotChannel, reply: ChatReply, isSent: boolean) => void;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      for (const channel of this.deps.heldChannels()) {
        this.kick(channel);
      }
    }, DRAIN_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** Sends what the channel's queue lets out now. */
  kick(channel: BotChannel): void {
    if (this.busy.has(channel.twitchChannelId) || Date.now() < (this.notBefore.get(channel.twitchChannelId) ?? 0)) {
      return;
    }
    this.busy.add(channel.twitchChannelId);
    this.drain(channel)
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, channel: channel.login }, 'sending replies failed'),
      )
      .finally(() => this.busy.delete(channel.twitchChannelId));
  }

  private async drain(channel: BotChannel): Promise<void> {
    const limitSet = this.deps.limits ?? TWITCH_CHAT_LIMITS;
    const limits = channel.senderIsModerator ? limitSet.moderator : limitSet.regular;
    const transport = this.deps.transport();
    for (;;) {
      const next = await this.deps.queue.take(channel.twitchChannelId, transport.speakerOf(channel), limits);
      if (next.kind === 'empty') {
        return;
      }
      if (next.kind === 'wait') {
        this.notBefore.set(channel.twitchChannelId, Date.now() + next.ms);
        return;
      }
      const outcome = await withTimeout(transport.send(channel, next.reply), SEND_TIMEOUT_MS);
      if (!outcome.isSent) {
        this.deps.logger.warn({ channel: channel.login, reason: outcome.dropReason }, 'Twitch dropped a reply');
      }
      this.deps.onSent?.(channel, next.reply, outcome.isSent);
    }
  }
}
