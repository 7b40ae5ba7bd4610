import { createHmac, randomBytes } from 'node:crypto';
import type { FakeClock } from '../world/clock';
import { appendBounded } from '../world/bounded-log';
import { rfc3339, uuid } from '../world/ids';

export type EventSubMessageType = 'notification' | 'webhook_callback_verification' | 'revocation';

/** How one delivery departs from Twitch's rules, for tests of a callback's defences. */
export interface DeliveryOptions {
  /** Sign with another secret, as a forger would. */
  forgeSignature?: boolean;
  /** Send a timestamp this many ms in the past (Twitch's window is 10 minutes); `true`: 11 minutes. */
  staleTimestamp?: boolean | number;
  /** Send the same message (same id) this many times in a row, as Twitch may. Default 1. */
  times?: number;
}

export interface DeliveryAttempt {
  at: string;
  /** Twitch-Eventsub-Message-Retry of this attempt. */
  retry: number;
  /** The callback's HTTP status, or null when it could not be reached or timed out. */
  status: number | null;
  error: string | null;
  /** What the callback answered (the challenge echo is checked against it). */
  responseBody: string;
}

/** One message Twitch sends a callback, with every attempt to deliver it. */
export interface EventSubDelivery {
  messageId: string;
  messageType: EventSubMessageType;
  subscriptionId: string;
  subscriptionType: string;
  subscriptionVersion: string;
  callback: string;
  /** The raw JSON body, byte for byte what was signed. */
  body: string;
  options: DeliveryOptions;
  attempts: DeliveryAttempt[];
  /** `delivered` after a 2xx answer; `failed` once the retries are used up. */
  state: 'pending' | 'delivered' | 'failed';
}

export interface WebhookTarget {
  subscriptionId: string;
  type: string;
  version: string;
  callback: string;
  secret: string;
}

export interface WebhookDeliveryOptions {
  /** Waits between a failed notification and its retries; Twitch backs off over minutes. */
  retryDelaysMs: number[];
  /** How long a callback may take to answer (Twitch allows a few seconds). */
  timeoutMs: number;
}

/** Twitch's webhook signature: `sha256=` HMAC-SHA256 of message id + timestamp + raw body. */
export function eventSubSignature(secret: string, messageId: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret)
    .update(messageId + timestamp + body)
    .digest('hex')}`;
}

const STALE_DEFAULT_MS = 11 * 60 * 1000;

/**
 * Sends signed EventSub webhook messages with Twitch's headers, retries failed notifications with
 * the same message id, and keeps a log of every delivery and attempt.
 */
export class WebhookSender {
  readonly deliveries: EventSubDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly clock: FakeClock,
    private readonly options: WebhookDeliveryOptions,
    private readonly onSettled: (delivery: EventSubDelivery, target: WebhookTarget) => void,
  ) {}

  /** Sends a message; resolves after the first attempt(s) with the delivery record. */
  async send(
    target: WebhookTarget,
    messageType: EventSubMessageType,
    payload: unknown,
    options: DeliveryOptions = {},
  ): Promise<EventSubDelivery> {
    const delivery: EventSubDelivery = {
      messageId: uuid(),
      messageType,
      subscriptionId: target.subscriptionId,
      subscriptionType: target.type,
      subscriptionVersion: target.version,
      callback: target.callback,
      body: JSON.stringify(payload),
      options,
      attempts: [],
      state: 'pending',
    };
    appendBounded(this.deliveries, delivery);
    await this.attemptTimes(delivery, target, options.times ?? 1);
    return delivery;
  }

  /** Sends a logged message again with its own id, as Twitch does when it retries. */
  async redeliver(messageId: string, target: WebhookTarget, options?: DeliveryOptions): Promise<EventSubDelivery> {
    const delivery = this.deliveries.find((candidate) => candidate.messageId === messageId);
    if (!delivery) {
      throw new Error(`The fake Twitch sent no EventSub message ${messageId}`);
    }
    if (options) {
      delivery.options = options;
    }
    await this.attemptTimes(delivery, target, options?.times ?? 1);
    return delivery;
  }

  private async attemptTimes(delivery: EventSubDelivery, target: WebhookTarget, times: number): Promise<void> {
    for (let sent = 0; sent < Math.max(1, times); sent += 1) {
      await this.attempt(delivery, target);
    }
  }

  private attempt(delivery: EventSubDelivery, target: WebhookTarget): Promise<void> {
    const run = this.post(delivery, target).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  private async post(delivery: EventSubDelivery, target: WebhookTarget): Promise<void> {
    const retry = delivery.attempts.length;
    const { options } = delivery;
    const staleMs = options.staleTimestamp === true ? STALE_DEFAULT_MS : Number(options.staleTimestamp || 0);
    const timestamp = rfc3339(this.clock.now() - staleMs);
    const secret = options.forgeSignature ? randomBytes(24).toString('hex') : target.secret;
    const attempt: DeliveryAttempt = { at: timestamp, retry, status: null, error: null, responseBody: '' };
    try {
      const response = await fetch(target.callback, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'twitch-eventsub-message-id': delivery.messageId,
          'twitch-eventsub-message-retry': String(retry),
          'twitch-eventsub-message-type': delivery.messageType,
          'twitch-eventsub-message-signature': eventSubSignature(secret, delivery.messageId, timestamp, delivery.body),
          'twitch-eventsub-message-timestamp': timestamp,
          'twitch-eventsub-subscription-type': target.type,
          'twitch-eventsub-subscription-version': target.version,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      attempt.status = response.status;
      attempt.responseBody = (await response.text()).slice(0, 2000);
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    delivery.attempts.push(attempt);
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    if (ok) {
      delivery.state = 'delivered';
      this.onSettled(delivery, target);
      return;
    }
    const delay = this.options.retryDelaysMs[retry];
    if (delivery.messageType === 'notification' && delay !== undefined && !this.stopped) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(delivery, target);
      }, delay);
      timer.unref();
      this.timers.add(timer);
      return;
    }
    delivery.state = 'failed';
    this.onSettled(delivery, target);
  }

  /** Waits for the deliveries and retries under way (tests call it before reading the log). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  stop(): void {
    this.stopped = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }
}
