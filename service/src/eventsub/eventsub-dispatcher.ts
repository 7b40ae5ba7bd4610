/**
 * Hands stored EventSub deliveries to the feature that handles their subscription type. Features
 * register when they are built (channel points: redemptions; the Twitch connection:
 * `user.authorization.revoke`; the chat bot later: `channel.chat.message`), and declare the
 * subscriptions they want (`EventSubSubscriptionSource`), which the subscriptions manager creates,
 * deletes and reconciles.
 */

/** A notification as a handler sees it. */
export interface EventSubNotification {
  messageId: string;
  subscriptionType: string;
  subscriptionVersion: string;
  subscriptionId: string;
  condition: Record<string, unknown>;
  event: Record<string, unknown>;
  sentAt: Date;
}

/** Twitch ended a subscription (`status` is the reason: `authorization_revoked`, …). */
export interface EventSubRevocation {
  messageId: string;
  subscriptionType: string;
  subscriptionId: string;
  condition: Record<string, unknown>;
  reason: string;
}

/**
 * What a handler did: `processed`, or `ignored` with why (an unknown reward or channel is
 * acknowledged and ignored). Throwing means "try again" (the job retries with back-off).
 */
export type EventSubHandling = { outcome: 'processed' } | { outcome: 'ignored'; reason: string };

export type EventSubNotificationHandler = (notification: EventSubNotification) => Promise<EventSubHandling>;

/** What a batch handler did with one notification: done, or `retry` (that one failed; the others stand). */
export type EventSubBatchHandling = EventSubHandling | { outcome: 'retry'; error: unknown };

/**
 * A handler of a type's notifications a batch at a time (oldest first), for types that arrive in
 * bursts and can be stored with bulk writes: answers one handling per notification, in order.
 * Throwing means "try the whole batch again".
 */
export type EventSubBatchHandler = (notifications: EventSubNotification[]) => Promise<EventSubBatchHandling[]>;
export type EventSubRevocationHandler = (revocation: EventSubRevocation) => Promise<EventSubHandling>;

/** A subscription a feature wants to exist (webhook transport, AuraStream's callback). */
export interface DesiredSubscription {
  type: string;
  version: string;
  condition: Record<string, string>;
}

/** What a feature wants subscribed, asked at reconciliation. */
export type EventSubSubscriptionSource = () => Promise<DesiredSubscription[]>;

export const ignored = (reason: string): EventSubHandling => ({ outcome: 'ignored', reason });
export const processed: EventSubHandling = { outcome: 'processed' };

export class EventSubDispatcher {
  private readonly notifications = new Map<string, EventSubNotificationHandler>();
  private readonly batches = new Map<string, EventSubBatchHandler>();
  private readonly revocations = new Map<string, EventSubRevocationHandler>();
  private readonly sources: EventSubSubscriptionSource[] = [];

  /** The handler of a subscription type's notifications (one per type). */
  onNotification(type: string, handler: EventSubNotificationHandler): void {
    if (this.notifications.has(type) || this.batches.has(type)) {
      throw new Error(`EventSub notifications of ${type} already have a handler`);
    }
    this.notifications.set(type, handler);
  }

  /** The batch handler of a subscription type's notifications (instead of `onNotification`). */
  onNotificationBatch(type: string, handler: EventSubBatchHandler): void {
    if (this.notifications.has(type) || this.batches.has(type)) {
      throw new Error(`EventSub notifications of ${type} already have a handler`);
    }
    this.batches.set(type, handler);
  }

  /** Whether a type's notifications are handled a batch at a time. */
  handlesInBatches(type: string): boolean {
    return this.batches.has(type);
  }

  /** The handler of a subscription type's revocations. */
  onRevocation(type: string, handler: EventSubRevocationHandler): void {
    if (this.revocations.has(type)) {
      throw new Error(`EventSub revocations of ${type} already have a handler`);
    }
    this.revocations.set(type, handler);
  }

  /** Declares subscriptions a feature wants (asked at each reconciliation). */
  wantSubscriptions(source: EventSubSubscriptionSource): void {
    this.sources.push(source);
  }

  async desiredSubscriptions(): Promise<DesiredSubscription[]> {
    return (await Promise.all(this.sources.map((source) => source()))).flat();
  }

  async notify(notification: EventSubNotification): Promise<EventSubHandling> {
    const handler = this.notifications.get(notification.subscriptionType);
    return handler ? handler(notification) : ignored(`no handler for ${notification.subscriptionType}`);
  }

  /** Notifications of one type with a batch handler, oldest first; one handling each, in order. */
  async notifyBatch(type: string, notifications: EventSubNotification[]): Promise<EventSubBatchHandling[]> {
    const handler = this.batches.get(type);
    if (!handler) {
      return notifications.map(() => ignored(`no batch handler for ${type}`));
    }
    const handlings = await handler(notifications);
    if (handlings.length !== notifications.length) {
      throw new Error(`the batch handler of ${type} answered ${handlings.length} of ${notifications.length}`);
    }
    return handlings;
  }

  async revoke(revocation: EventSubRevocation): Promise<EventSubHandling> {
    const handler = this.revocations.get(revocation.subscriptionType);
    return handler ? handler(revocation) : ignored(`no revocation handler for ${revocation.subscriptionType}`);
  }
}
