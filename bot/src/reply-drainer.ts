import type { ChatReply } from '@aurastream/contract';
import type { BotChannel, ChatTransport } from './chat-transport';
import type { BotLogger } from './logger';
import { TWITCH_CHAT_LIMITS, type ChatLimits, type ReplyQueue } from './reply-queue';

/**
 * How often the held channels' queues are looked at (one pipelined LLEN for them all), for replies
 * another process queued in a channel this one holds; replies queued here, and replies the limits
 * held back, are sent without waiting for it.
 */
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
 * it: one channel at a time each (in order), woken at once when replies are queued, and again as
 * soon as the limits let a held-back reply go.
 */
export class ReplyDrainer {
  private readonly busy = new Set<string>();
  private readonly notBefore = new Map<string, number>();
  /** Channels whose limits said wait: woken when the wait is over. */
  private readonly wakeUps = new Map<string, ReturnType<typeof setTimeout>>();
  /** Channels kicked while being drained: drained again at once, as replies arrived meanwhile. */
  private readonly kickedWhileBusy = new Set<string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private sweeping = false;

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
      this.sweep().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'reading the reply queues failed'));
    }, DRAIN_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    for (const wakeUp of this.wakeUps.values()) {
      clearTimeout(wakeUp);
    }
    this.wakeUps.clear();
  }

  /** Kicks the held channels whose queues hold replies (one round trip, not one per channel). */
  private async sweep(): Promise<void> {
    if (this.sweeping) {
      return;
    }
    this.sweeping = true;
    try {
      const held = this.deps.heldChannels().filter((channel) => !this.busy.has(channel.twitchChannelId));
      const waiting = new Set(await this.deps.queue.waiting(held.map((channel) => channel.twitchChannelId)));
      for (const channel of held) {
        if (waiting.has(channel.twitchChannelId)) {
          this.kick(channel);
        }
      }
    } finally {
      this.sweeping = false;
    }
  }

  /** Sends what the channel's queue lets out now. */
  kick(channel: BotChannel): void {
    const id = channel.twitchChannelId;
    if (this.busy.has(id)) {
      this.kickedWhileBusy.add(id);
      return;
    }
    const wait = (this.notBefore.get(id) ?? 0) - Date.now();
    if (wait > 0) {
      if (!this.wakeUps.has(id)) {
        this.wakeUpAfter(channel, wait);
      }
      return;
    }
    this.busy.add(id);
    this.drain(channel)
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, channel: channel.login }, 'sending replies failed'),
      )
      .finally(() => {
        this.busy.delete(id);
        if (this.kickedWhileBusy.delete(id)) {
          this.kick(channel);
        }
      });
  }

  private wakeUpAfter(channel: BotChannel, ms: number): void {
    clearTimeout(this.wakeUps.get(channel.twitchChannelId));
    const wakeUp = setTimeout(() => {
      this.wakeUps.delete(channel.twitchChannelId);
      this.kick(channel);
    }, ms);
    wakeUp.unref();
    this.wakeUps.set(channel.twitchChannelId, wakeUp);
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
        this.wakeUpAfter(channel, next.ms);
        return;
      }
      const outcome = await withTimeout(transport.send(channel, next.reply), SEND_TIMEOUT_MS);
      if (!outcome.isSent) {
        this.deps.logger.warn({ channel: channel.login, reason: outcome.dropReason }, 'Twitch dropped a reply');
      }
      this.deps.onSent?.(channel, next.reply, outcome.isSent);
      if (limits.channelGapMs > 0) {
        // Twitch counts the gap from when a message arrives: this process holds the channel until a
        // gap after the send left, not after it was taken (a busy process may send a while later)
        this.notBefore.set(channel.twitchChannelId, Date.now() + limits.channelGapMs);
        if (next.left > 0) {
          this.wakeUpAfter(channel, limits.channelGapMs);
        }
        return;
      }
      if (next.left === 0) {
        // nothing else queued (a reply queued since kicks the channel again)
        return;
      }
    }
  }
}
