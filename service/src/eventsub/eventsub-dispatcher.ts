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
  private readonly revocations = new Map<string, EventSubRevocationHandler>();
  private readonly sources: EventSubSubscriptionSource[] = [];

  /** The handler of a subscription type's notifications (one per type). */
  onNotification(type: string, handler: EventSubNotificationHandler): void {
    if (this.notifications.has(type)) {
      throw new Error(`EventSub notifications of ${type} already have a handler`);
    }
    this.notifications.set(type, handler);
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

  async revoke(revocation: EventSubRevocation): Promise<EventSubHandling> {
    const handler = this.revocations.get(revocation.subscriptionType);
    return handler ? handler(revocation) : ignored(`no revocation handler for ${revocation.subscriptionType}`);
  }
}
