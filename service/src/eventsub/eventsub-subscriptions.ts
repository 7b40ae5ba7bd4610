import type { HelixEventSubSubscription } from '@twurple/api';
import { ConflictError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { TwitchApiClients } from '../twitch/twitch-api-clients';
import { twitchMessageOf, twitchStatusOf } from '../twitch/errors';
import type { DesiredSubscription, EventSubDispatcher } from './eventsub-dispatcher';

/** What a reconciliation did. */
export interface ReconcileReport {
  kept: number;
  created: number;
  deleted: number;
  failed: number;
}

const LIVE_STATUSES = new Set(['enabled', 'webhook_callback_verification_pending']);

function conditionKey(type: string, condition: Record<string, unknown>): string {
  const entries = Object.entries(condition)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => [key, String(value)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  return `${type}|${JSON.stringify(entries)}`;
}

/**
 * AuraStream's EventSub webhook subscriptions at Twitch (app token, callback
 * `$PUBLIC_URL/api/v1/twitch/eventsub`, secret TWITCH_EVENTSUB_SECRET), through @twurple/api's
 * `eventSub`. Features create theirs when they turn on and delete them when they turn off;
 * `reconcile` (at start, as a job) makes Twitch's list match what the features want: missing ones
 * created, stale or failed ones deleted. Only subscriptions with this callback are touched, so
 * another deployment of the same app keeps its own.
 */
export class EventSubSubscriptions {
  constructor(
    private readonly deps: {
      clients: TwitchApiClients;
      dispatcher: EventSubDispatcher;
      callbackUrl: string;
      secret: string;
      /** Twitch requires an https callback on port 443 (the fake accepts http on loopback). */
      requireHttps: boolean;
      logger: Logger;
    },
  ) {}

  get callbackUrl(): string {
    return this.deps.callbackUrl;
  }

  /** Why subscriptions cannot be made here, or null when they can. */
  unavailableReason(): string | null {
    if (!this.deps.clients.isConfigured()) {
      return 'Twitch is not configured on this server';
    }
    const url = new URL(this.deps.callbackUrl);
    if (this.deps.requireHttps && (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443'))) {
      return `Twitch delivers events only to an https URL on port 443; PUBLIC_URL is ${url.origin}`;
    }
    return null;
  }

  /** Creates a subscription unless it exists; 409 with the reason when subscriptions cannot be made. */
  async ensure(wanted: DesiredSubscription): Promise<void> {
    const reason = this.unavailableReason();
    if (reason) {
      throw new ConflictError('eventsub_unavailable', reason);
    }
    await this.deps.clients.budget.check('app');
    try {
      await this.deps.clients
        .app()
        .eventSub.createSubscription(wanted.type, wanted.version, wanted.condition, this.transport());
      this.deps.logger.info({ type: wanted.type, condition: wanted.condition }, 'EventSub subscription created');
    } catch (error) {
      if (twitchStatusOf(error) === 409) {
        return;
      }
      throw error;
    }
  }

  /** Deletes this callback's subscriptions of `type` whose condition includes `match`. */
  async remove(type: string, match: Record<string, string>): Promise<number> {
    if (!this.deps.clients.isConfigured()) {
      return 0;
    }
    let removed = 0;
    for (const subscription of await this.ours()) {
      const condition = subscription.condition;
      if (subscription.type === type && Object.entries(match).every(([key, value]) => condition[key] === value)) {
        await this.delete(subscription);
        removed += 1;
      }
    }
    return removed;
  }

  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { kept: 0, created: 0, deleted: 0, failed: 0 };
    const reason = this.unavailableReason();
    if (reason) {
      this.deps.logger.warn({ reason }, 'EventSub subscriptions not reconciled');
      return report;
    }
    const desired = new Map(
      (await this.deps.dispatcher.desiredSubscriptions()).map((wanted) => [
        conditionKey(wanted.type, wanted.condition),
        wanted,
      ]),
    );
    for (const subscription of await this.ours()) {
      const key = conditionKey(subscription.type, subscription.condition);
      if (LIVE_STATUSES.has(subscription.status) && desired.has(key)) {
        desired.delete(key);
        report.kept += 1;
      } else {
        await this.delete(subscription);
        report.deleted += 1;
      }
    }
    for (const wanted of desired.values()) {
      try {
        await this.ensure(wanted);
        report.created += 1;
      } catch (error) {
        report.failed += 1;
        this.deps.logger.warn(
          { err: error, type: wanted.type, condition: wanted.condition, twitch: twitchMessageOf(error) },
          'creating an EventSub subscription failed',
        );
      }
    }
    this.deps.logger.info({ ...report }, 'EventSub subscriptions reconciled');
    return report;
  }

  /** This callback's subscriptions at Twitch. */
  private async ours(): Promise<HelixEventSubSubscription[]> {
    await this.deps.clients.budget.check('app');
    const all = await this.deps.clients.app().eventSub.getSubscriptionsPaginated().getAll();
    return all.filter(
      (subscription) =>
        subscription.transportMethod === 'webhook' &&
        (subscription._transport as { callback?: string }).callback === this.deps.callbackUrl,
    );
  }

  private async delete(subscription: HelixEventSubSubscription): Promise<void> {
    try {
      await this.deps.clients.app().eventSub.deleteSubscription(subscription.id);
      this.deps.logger.info(
        { type: subscription.type, condition: subscription.condition, status: subscription.status },
        'EventSub subscription deleted',
      );
    } catch (error) {
      if (twitchStatusOf(error) !== 404) {
        throw error;
      }
    }
  }

  private transport() {
    return { method: 'webhook' as const, callback: this.deps.callbackUrl, secret: this.deps.secret };
  }
}
