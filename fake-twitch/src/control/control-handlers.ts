import type { FakeTwitchCore } from '../core';
import type { RevocationReason } from '../eventsub/eventsub';
import type { DeliveryOptions, EventSubDelivery } from '../eventsub/webhook-delivery';
import type { FakeRequest, FakeResponse } from '../http/http';
import type { BroadcasterType } from '../world/types';
import { TriggerError, type Triggers } from './triggers';

type Body = Record<string, unknown>;
type ControlRoute = (body: Body, req: FakeRequest) => unknown;

const reasons: RevocationReason[] = [
  'user_removed',
  'authorization_revoked',
  'notification_failures_exceeded',
  'version_removed',
];

function text(body: Body, field: string, required = true): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) {
      throw new TriggerError(`The ${field} field is required`);
    }
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new TriggerError(`The ${field} field must be a string`);
  }
  return value;
}

/** `{"forge_signature": true, "stale_timestamp": true, "times": 2}` on the wire. */
function deliveryOf(body: Body): DeliveryOptions | undefined {
  const raw = body.delivery;
  if (!raw || typeof raw !== 'object') {
    return undefined;
  }
  const delivery = raw as Body;
  return {
    forgeSignature: delivery.forge_signature === true,
    staleTimestamp:
      typeof delivery.stale_timestamp === 'number' ? delivery.stale_timestamp : delivery.stale_timestamp === true,
    times: typeof delivery.times === 'number' ? delivery.times : 1,
  };
}

/** What a control answer shows of a delivery. */
export function deliverySummary(delivery: EventSubDelivery) {
  return {
    message_id: delivery.messageId,
    message_type: delivery.messageType,
    subscription_id: delivery.subscriptionId,
    subscription_type: delivery.subscriptionType,
    callback: delivery.callback,
    state: delivery.state,
    attempts: delivery.attempts.map(({ retry, status, error }) => ({ retry, status, error })),
  };
}

/**
 * The fake's control API under `/_fake/` (loopback only, like the fake): trigger redemptions, chat
 * messages and revocations, add accounts and roles, read what the fake received. The CLI uses it.
 */
export class ControlHandlers {
  private readonly routes = new Map<string, ControlRoute>();

  constructor(
    private readonly core: FakeTwitchCore,
    triggers: Triggers,
    private readonly describe: () => unknown,
  ) {
    const { world, rooms, eventSub, pubsub, chatServer } = core;
    this.routes.set('GET /_fake/state', () => this.describe());
    this.routes.set('POST /_fake/users', (body) => {
      const kind = text(body, 'broadcaster_type', false) ?? 'affiliate';
      const user = world.addUser({
        login: text(body, 'login') as string,
        display_name: text(body, 'display_name', false),
        broadcaster_type: (kind === 'viewer' ? '' : kind) as BroadcasterType,
      });
      core.changed();
      return user;
    });
    this.routes.set('POST /_fake/roles', (body) => {
      const channel = this.user(text(body, 'channel') as string);
      const user = this.user(text(body, 'user') as string);
      const granted = body.granted !== false;
      const role = text(body, 'role');
      if (role === 'subscriber') {
        world.setSubscription(channel.id, user.id, granted ? ((text(body, 'tier', false) ?? '1000') as '1000') : null);
      } else if (role === 'moderator' || role === 'vip') {
        world.setRole(channel.id, user.id, role, granted);
      } else {
        throw new TriggerError('The role field must be moderator, vip or subscriber');
      }
      core.changed();
      return { channel: channel.login, user: user.login, roles: world.channelRoles(channel.id, user.id) };
    });
    this.routes.set('POST /_fake/rewards', (body) => {
      // made on Twitch's own channel-points page: no app may change it
      const channel = this.user(text(body, 'channel') as string);
      const reward = core.rewards.create(channel, null, {
        title: text(body, 'title'),
        cost: typeof body.cost === 'number' ? body.cost : 100,
        is_user_input_required: body.is_user_input_required === true,
        prompt: text(body, 'prompt', false),
      });
      core.changed();
      return reward;
    });
    this.routes.set('POST /_fake/redemptions', async (body) => {
      const { redemption, deliveries } = await triggers.redeem({
        channel: text(body, 'channel') as string,
        viewer: text(body, 'viewer') as string,
        reward: text(body, 'reward', false),
        text: text(body, 'text', false),
        delivery: deliveryOf(body),
      });
      return { redemption, deliveries: deliveries.map(deliverySummary) };
    });
    this.routes.set('POST /_fake/chat/messages', async (body) => {
      const { message, deliveries } = await triggers.chat({
        channel: text(body, 'channel') as string,
        viewer: text(body, 'viewer') as string,
        text: text(body, 'text') as string,
        replyTo: text(body, 'reply_to', false),
        delivery: deliveryOf(body),
      });
      return { message_id: message.id, badges: message.badges, deliveries: deliveries.map(deliverySummary) };
    });
    this.routes.set('GET /_fake/chat/messages', (_, req) => {
      const channel = req.query.get('channel')?.toLowerCase().replace(/^#/, '');
      const user = req.query.get('user')?.toLowerCase();
      return {
        data: rooms.log.filter(
          (entry) =>
            (!channel || entry.channel === channel) && (!user || entry.user_login === user || entry.user_id === user),
        ),
      };
    });
    this.routes.set('GET /_fake/chat/connections', () => ({ data: chatServer.list() }));
    this.routes.set('POST /_fake/chat/disconnect', (body) => ({
      disconnected: chatServer.disconnect(text(body, 'login', false), body.mode === 'reconnect' ? 'reconnect' : 'drop'),
    }));
    this.routes.set('POST /_fake/authorization-revocations', async (body) => {
      const { deliveries } = await triggers.revokeAuthorization({
        user: text(body, 'user') as string,
        clientId: text(body, 'client_id', false),
        delivery: deliveryOf(body),
      });
      return { deliveries: deliveries.map(deliverySummary) };
    });
    this.routes.set('POST /_fake/eventsub/revocations', async (body) => {
      const reason = text(body, 'reason') as RevocationReason;
      if (!reasons.includes(reason)) {
        throw new TriggerError(`The reason field must be one of ${reasons.join(', ')}`);
      }
      const { delivery } = await triggers.revokeSubscription({
        id: text(body, 'subscription_id') as string,
        reason,
        delivery: deliveryOf(body),
      });
      return deliverySummary(delivery);
    });
    this.routes.set('GET /_fake/eventsub/subscriptions', () => ({ data: eventSub.all() }));
    this.routes.set('GET /_fake/eventsub/deliveries', () => ({
      data: eventSub.sender.deliveries.map(deliverySummary),
    }));
    this.routes.set('POST /_fake/eventsub/redeliveries', async (body) => {
      const { delivery } = await triggers.redeliver({
        messageId: text(body, 'message_id') as string,
        delivery: deliveryOf(body),
      });
      return deliverySummary(delivery);
    });
    this.routes.set('GET /_fake/pubsub/messages', (_, req) => {
      const broadcaster = req.query.get('broadcaster_id');
      return { data: pubsub.messages.filter((message) => !broadcaster || message.broadcaster_id === broadcaster) };
    });
    this.routes.set('POST /_fake/helix/rate-limit', (body) => {
      if (typeof body.points_per_minute === 'number') {
        core.rateLimiter.pointsPerMinute = body.points_per_minute;
      }
      if (body.exhaust === true) {
        core.rateLimiter.exhaust();
      }
      return { points_per_minute: core.rateLimiter.pointsPerMinute };
    });
  }

  private user(idOrLogin: string) {
    const user = this.core.world.findUser(idOrLogin);
    if (!user) {
      throw new TriggerError(`The fake Twitch has no user "${idOrLogin}"`);
    }
    return user;
  }

  /** Answers `/_fake/…`; null for any other path (a Twitch endpoint). */
  async handle(req: FakeRequest): Promise<FakeResponse | null> {
    if (!req.path.startsWith('/_fake/')) {
      return null;
    }
    const route = this.routes.get(`${req.method} ${req.path}`);
    if (!route) {
      return {
        status: 404,
        json: { error: { code: 'not_found', message: `No control endpoint ${req.method} ${req.path}` } },
      };
    }
    if (req.jsonInvalid) {
      return { status: 400, json: { error: { code: 'bad_json', message: 'The body must be JSON' } } };
    }
    const body = req.json && typeof req.json === 'object' ? (req.json as Body) : {};
    try {
      return { status: req.method === 'POST' ? 201 : 200, json: await route(body, req) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 400, json: { error: { code: 'refused', message } } };
    }
  }
}
