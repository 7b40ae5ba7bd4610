import { HelixError, type FakeRequest, type FakeResponse } from '../http/http';
import type { EventSub } from '../eventsub/eventsub';
import type { HelixCaller } from './helix-auth';
import { page } from './pagination';

/** Webhook subscriptions belong to the app: Twitch wants its app access token for them. */
function requireAppToken(caller: HelixCaller): void {
  if (caller.token.userId) {
    throw new HelixError(
      401,
      'The Authorization header is required and must specify an app access token if the transport method is webhook',
    );
  }
}

/** `POST/GET/DELETE /eventsub/subscriptions` (twurple calls them without the mock prefix). */
export class EventSubHandlers {
  constructor(
    private readonly eventSub: EventSub,
    private readonly maxTotalCost: number,
  ) {}

  private totals(clientId: string) {
    return {
      total: this.eventSub.list(clientId).length,
      total_cost: this.eventSub.totalCost(clientId),
      max_total_cost: this.maxTotalCost,
    };
  }

  create(req: FakeRequest, caller: HelixCaller): FakeResponse {
    requireAppToken(caller);
    if (req.jsonInvalid) {
      throw new HelixError(400, 'The request body must be JSON');
    }
    const subscription = this.eventSub.create(caller.clientId, req.json);
    return { status: 202, json: { data: [subscription], ...this.totals(caller.clientId) } };
  }

  list(req: FakeRequest, caller: HelixCaller): FakeResponse {
    if (caller.token.userId) {
      // a user token sees its WebSocket subscriptions, and the fake has none
      return {
        status: 200,
        json: { data: [], total: 0, total_cost: 0, max_total_cost: this.maxTotalCost, pagination: {} },
      };
    }
    const filters = ['status', 'type', 'user_id', 'subscription_id'].filter((name) => req.query.has(name));
    if (filters.length > 1) {
      throw new HelixError(400, 'You may specify only one filter: status, type, user_id or subscription_id');
    }
    const status = req.query.get('status');
    const type = req.query.get('type');
    const userId = req.query.get('user_id');
    const id = req.query.get('subscription_id');
    const found = this.eventSub
      .list(caller.clientId)
      .filter((subscription) => !status || subscription.status === status)
      .filter((subscription) => !type || subscription.type === type)
      .filter((subscription) => !id || subscription.id === id)
      .filter((subscription) => !userId || Object.values(subscription.condition).includes(userId));
    return page(found, req, { fallback: 100, max: 100 }, this.totals(caller.clientId));
  }

  delete(req: FakeRequest, caller: HelixCaller): FakeResponse {
    requireAppToken(caller);
    const id = req.query.get('id');
    if (!id) {
      throw new HelixError(400, 'Missing required parameter "id"');
    }
    this.eventSub.delete(caller.clientId, id);
    return { status: 204 };
  }
}
