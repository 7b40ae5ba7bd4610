import { randomBytes } from 'node:crypto';
import { HelixError } from '../http/http';
import type { FakeClock } from '../world/clock';
import { uuid } from '../world/ids';
import { findSubscriptionType, missingAuthorization, type AuthorizationFacts } from './subscription-types';
import {
  WebhookSender,
  type DeliveryOptions,
  type EventSubDelivery,
  type WebhookDeliveryOptions,
  type WebhookTarget,
} from './webhook-delivery';

export type SubscriptionStatus =
  | 'enabled'
  | 'webhook_callback_verification_pending'
  | 'webhook_callback_verification_failed'
  | 'notification_failures_exceeded'
  | 'authorization_revoked'
  | 'user_removed'
  | 'version_removed';

export type RevocationReason =
  'user_removed' | 'authorization_revoked' | 'notification_failures_exceeded' | 'version_removed';

/** Helix's EventSub subscription object. */
export interface FakeEventSubSubscription {
  id: string;
  status: SubscriptionStatus;
  type: string;
  version: string;
  condition: Record<string, string>;
  created_at: string;
  transport: { method: 'webhook'; callback: string };
  cost: number;
}

interface StoredSubscription {
  subscription: FakeEventSubSubscription;
  secret: string;
  clientId: string;
  consecutiveFailures: number;
}

export interface EventSubSnapshot {
  subscriptions: StoredSubscription[];
}

export interface EventSubOptions extends WebhookDeliveryOptions {
  /** Notifications that fail (retries used up) in a row before Twitch revokes the subscription. */
  failuresBeforeRevocation: number;
  /** Twitch requires an https callback on port 443; the fake accepts http on loopback unless this is set. */
  requireHttpsCallback: boolean;
  /** Twitch's `max_total_cost` per client. */
  maxTotalCost: number;
}

export interface EventSubFacts {
  userExists(userId: string): boolean;
  isModerator(channelId: string, userId: string): boolean;
  hasAuthorized(clientId: string, userId: string): boolean;
  grantedScopesFor(clientId: string, userId: string): Set<string>;
}

const pendingOrEnabled = new Set<SubscriptionStatus>(['enabled', 'webhook_callback_verification_pending']);

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** EventSub over webhooks: subscriptions, the callback verification handshake, notifications, revocations. */
export class EventSub {
  private readonly subscriptions = new Map<string, StoredSubscription>();
  readonly sender: WebhookSender;

  constructor(
    private readonly clock: FakeClock,
    private readonly options: EventSubOptions,
    private readonly facts: EventSubFacts,
    private readonly changed: () => void,
  ) {
    this.sender = new WebhookSender(clock, options, (delivery) => this.settled(delivery));
  }

  /** `POST /eventsub/subscriptions` with an app token of `clientId`: 202 pending, then the challenge. */
  create(clientId: string, body: unknown): FakeEventSubSubscription {
    const request = asRecord(body);
    if (!request) {
      throw new HelixError(400, 'The request body must be a JSON object');
    }
    const { type, version } = request;
    if (typeof type !== 'string' || typeof version !== 'string') {
      throw new HelixError(400, 'The type and version fields are required');
    }
    const spec = findSubscriptionType(type, version);
    if (!spec) {
      throw new HelixError(
        400,
        `The combination of values in the type (${type}) and version (${version}) fields is not valid`,
      );
    }
    const condition = this.condition(request.condition, spec.requiredCondition, spec.optionalCondition, clientId);
    const transport = this.transport(request.transport);
    const facts: AuthorizationFacts = {
      isModerator: (channelId, userId) => this.facts.isModerator(channelId, userId),
      grantedScopes: (userId) => this.facts.grantedScopesFor(clientId, userId),
    };
    const missing = missingAuthorization(spec, condition, facts);
    if (missing) {
      throw new HelixError(403, missing);
    }
    const active = this.forClient(clientId).filter((stored) => pendingOrEnabled.has(stored.subscription.status));
    const same = active.find(
      ({ subscription }) =>
        subscription.type === type &&
        subscription.version === version &&
        JSON.stringify(Object.entries(subscription.condition).sort()) ===
          JSON.stringify(Object.entries(condition).sort()),
    );
    if (same) {
      throw new HelixError(409, 'subscription already exists');
    }
    const userId = spec.authorization ? condition[spec.authorization.userField] : undefined;
    const cost = userId && this.facts.hasAuthorized(clientId, userId) ? 0 : 1;
    if (this.totalCost(clientId) + cost > this.options.maxTotalCost) {
      throw new HelixError(
        429,
        `The subscriptions of this client would exceed max_total_cost (${this.options.maxTotalCost})`,
      );
    }
    const subscription: FakeEventSubSubscription = {
      id: uuid(),
      status: 'webhook_callback_verification_pending',
      type,
      version,
      condition,
      created_at: new Date(this.clock.now()).toISOString(),
      transport: { method: 'webhook', callback: transport.callback },
      cost,
    };
    const stored: StoredSubscription = { subscription, secret: transport.secret, clientId, consecutiveFailures: 0 };
    this.subscriptions.set(subscription.id, stored);
    this.changed();
    void this.verify(stored);
    return subscription;
  }

  private condition(value: unknown, required: string[], optional: string[], clientId: string): Record<string, string> {
    const condition = asRecord(value);
    if (!condition) {
      throw new HelixError(400, 'The condition field is required');
    }
    const result: Record<string, string> = {};
    for (const [key, field] of Object.entries(condition)) {
      if (field === undefined || field === null || field === '') {
        continue;
      }
      if (!required.includes(key) && !optional.includes(key)) {
        throw new HelixError(400, `The condition field ${key} is not valid for this subscription type`);
      }
      if (typeof field !== 'string') {
        throw new HelixError(400, `The condition field ${key} must be a string`);
      }
      result[key] = field;
    }
    for (const key of required) {
      if (!result[key]) {
        throw new HelixError(400, `The condition object is missing the required field ${key}`);
      }
    }
    for (const key of ['broadcaster_user_id', 'user_id']) {
      if (result[key] && !this.facts.userExists(result[key])) {
        throw new HelixError(400, 'The user specified in the condition object does not exist');
      }
    }
    if (result.client_id && result.client_id !== clientId) {
      throw new HelixError(400, 'The client_id in the condition must match the client ID in the access token');
    }
    return result;
  }

  private transport(value: unknown): { callback: string; secret: string } {
    const transport = asRecord(value);
    if (!transport || transport.method !== 'webhook') {
      throw new HelixError(
        400,
        'The value specified in the method field is not valid (the fake Twitch delivers webhooks)',
      );
    }
    const { callback, secret } = transport;
    if (typeof callback !== 'string' || callback === '') {
      throw new HelixError(400, 'The callback field is required if you specify the webhook transport method');
    }
    let url: URL;
    try {
      url = new URL(callback);
    } catch {
      throw new HelixError(400, "The URL in the transport's callback field is not valid");
    }
    const https = url.protocol === 'https:' && (url.port === '' || url.port === '443');
    if ((this.options.requireHttpsCallback && !https) || !['http:', 'https:'].includes(url.protocol)) {
      throw new HelixError(400, "The URL in the transport's callback field must use HTTPS and port 443");
    }
    if (typeof secret !== 'string' || secret.length < 10 || secret.length > 100) {
      throw new HelixError(400, 'The secret field must contain 10 to 100 characters');
    }
    return { callback, secret };
  }

  private target(stored: StoredSubscription): WebhookTarget {
    const { subscription } = stored;
    return {
      subscriptionId: subscription.id,
      type: subscription.type,
      version: subscription.version,
      callback: subscription.transport.callback,
      secret: stored.secret,
    };
  }

  /** The handshake: enabled only when the callback answers 2xx with exactly the challenge. */
  private async verify(stored: StoredSubscription): Promise<void> {
    const challenge = randomBytes(24).toString('base64url');
    const delivery = await this.sender.send(this.target(stored), 'webhook_callback_verification', {
      challenge,
      subscription: stored.subscription,
    });
    const answer = delivery.attempts[0];
    const echoed = answer?.status !== null && answer !== undefined && answer.status >= 200 && answer.status < 300;
    if (stored.subscription.status === 'webhook_callback_verification_pending') {
      stored.subscription.status =
        echoed && answer.responseBody === challenge ? 'enabled' : 'webhook_callback_verification_failed';
      this.changed();
    }
  }

  private settled(delivery: EventSubDelivery): void {
    const stored = this.subscriptions.get(delivery.subscriptionId);
    if (!stored || delivery.messageType !== 'notification') {
      return;
    }
    if (delivery.state === 'delivered') {
      stored.consecutiveFailures = 0;
      return;
    }
    stored.consecutiveFailures += 1;
    if (
      stored.consecutiveFailures >= this.options.failuresBeforeRevocation &&
      stored.subscription.status === 'enabled'
    ) {
      void this.revoke(stored.subscription.id, 'notification_failures_exceeded');
    }
  }

  forClient(clientId: string): StoredSubscription[] {
    return [...this.subscriptions.values()].filter((stored) => stored.clientId === clientId);
  }

  list(clientId: string): FakeEventSubSubscription[] {
    return this.forClient(clientId).map((stored) => stored.subscription);
  }

  all(): FakeEventSubSubscription[] {
    return [...this.subscriptions.values()].map((stored) => stored.subscription);
  }

  totalCost(clientId: string): number {
    return this.forClient(clientId)
      .filter((stored) => pendingOrEnabled.has(stored.subscription.status))
      .reduce((total, stored) => total + stored.subscription.cost, 0);
  }

  delete(clientId: string, id: string): void {
    const stored = this.subscriptions.get(id);
    if (!stored || stored.clientId !== clientId) {
      throw new HelixError(404, 'The subscription was not found');
    }
    this.subscriptions.delete(id);
    this.changed();
  }

  /** Notifies every enabled subscription of `type` whose condition `matches`; resolves after the first attempts. */
  async publish(
    type: string,
    matches: (condition: Record<string, string>) => boolean,
    event: unknown,
    options: DeliveryOptions = {},
  ): Promise<EventSubDelivery[]> {
    const targets = [...this.subscriptions.values()].filter(
      ({ subscription }) =>
        subscription.type === type && subscription.status === 'enabled' && matches(subscription.condition),
    );
    return Promise.all(
      targets.map((stored) =>
        this.sender.send(this.target(stored), 'notification', { subscription: stored.subscription, event }, options),
      ),
    );
  }

  /** Twitch ends a subscription and tells its callback why (a revocation message). */
  async revoke(id: string, reason: RevocationReason, options: DeliveryOptions = {}): Promise<EventSubDelivery> {
    const stored = this.subscriptions.get(id);
    if (!stored) {
      throw new Error(`The fake Twitch has no EventSub subscription ${id}`);
    }
    stored.subscription.status = reason;
    this.changed();
    return this.sender.send(this.target(stored), 'revocation', { subscription: stored.subscription }, options);
  }

  /** Revokes the enabled subscriptions whose condition names the user (a revoked grant or a removed account). */
  async revokeForUser(userId: string, reason: RevocationReason, clientId?: string): Promise<EventSubDelivery[]> {
    const affected = [...this.subscriptions.values()].filter(
      ({ subscription, clientId: owner }) =>
        pendingOrEnabled.has(subscription.status) &&
        (!clientId || owner === clientId) &&
        (subscription.condition.broadcaster_user_id === userId || subscription.condition.user_id === userId),
    );
    return Promise.all(affected.map((stored) => this.revoke(stored.subscription.id, reason)));
  }

  async redeliver(messageId: string, options?: DeliveryOptions): Promise<EventSubDelivery> {
    const delivery = this.sender.deliveries.find((candidate) => candidate.messageId === messageId);
    const stored = delivery ? this.subscriptions.get(delivery.subscriptionId) : undefined;
    if (!delivery || !stored) {
      throw new Error(`The fake Twitch sent no EventSub message ${messageId} to a subscription it still has`);
    }
    return this.sender.redeliver(messageId, this.target(stored), options);
  }

  snapshot(): EventSubSnapshot {
    return { subscriptions: [...this.subscriptions.values()] };
  }

  restore(snapshot: EventSubSnapshot): void {
    snapshot.subscriptions.forEach((stored) => this.subscriptions.set(stored.subscription.id, stored));
  }

  stop(): void {
    this.sender.stop();
  }
}
