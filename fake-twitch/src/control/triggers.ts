import type { FakeTwitchCore } from '../core';
import type { FakeChatMessage } from '../eventsub/events';
import { authorizationEvent, redemptionEvent } from '../eventsub/events';
import type { RevocationReason } from '../eventsub/eventsub';
import type { DeliveryOptions, EventSubDelivery } from '../eventsub/webhook-delivery';
import type { FakeRedemption } from '../world/rewards';
import type { FakeTwitchUser } from '../world/types';

/** A control request names users by id or login. */
export interface RedeemInput {
  channel: string;
  viewer: string;
  /** A reward id or title; default: the channel's newest enabled reward that asks for text, made by an app. */
  reward?: string;
  text?: string;
  delivery?: DeliveryOptions;
}

export interface ChatInput {
  channel: string;
  viewer: string;
  text: string;
  /** The id of the message this one replies to. */
  replyTo?: string;
  delivery?: DeliveryOptions;
  /** Apply Twitch's sending limits to this viewer too (off by default: the fake plays many people). */
  enforceLimits?: boolean;
}

/** An error of the caller (unknown user, no reward, …): the control API answers it 400. */
export class TriggerError extends Error {}

/** Things that happen on Twitch's side: a viewer redeems or chats, a user revokes the app, Twitch revokes a subscription. */
export class Triggers {
  constructor(private readonly core: FakeTwitchCore) {}

  private user(idOrLogin: string, what: string): FakeTwitchUser {
    const user = this.core.world.findUser(idOrLogin);
    if (!user) {
      throw new TriggerError(`The fake Twitch has no ${what} "${idOrLogin}"`);
    }
    return user;
  }

  private rewardOf(channel: FakeTwitchUser, wanted: string | undefined) {
    const rewards = this.core.rewards.forChannel(channel.id);
    if (wanted) {
      const found = rewards.find(
        ({ reward }) => reward.id === wanted || reward.title.toLowerCase() === wanted.toLowerCase(),
      );
      if (!found) {
        throw new TriggerError(`${channel.login} has no custom reward "${wanted}"`);
      }
      return found.reward;
    }
    const candidates = rewards
      .filter(({ reward }) => reward.is_enabled && !reward.is_paused)
      .sort((a, b) => Number(b.clientId !== null) - Number(a.clientId !== null))
      .sort((a, b) => Number(b.reward.is_user_input_required) - Number(a.reward.is_user_input_required));
    const chosen = candidates[0];
    if (!chosen) {
      throw new TriggerError(
        `${channel.login} has no enabled custom reward: turn one on in AuraStream (or name one with --reward)`,
      );
    }
    return chosen.reward;
  }

  /** A viewer redeems a reward: the redemption record (so PATCH works) and `…redemption.add` notifications. */
  async redeem(input: RedeemInput): Promise<{ redemption: FakeRedemption; deliveries: EventSubDelivery[] }> {
    const channel = this.user(input.channel, 'channel');
    const viewer = this.user(input.viewer, 'viewer');
    const reward = this.rewardOf(channel, input.reward);
    let redemption: FakeRedemption;
    try {
      redemption = this.core.rewards.redeem(channel.id, reward.id, viewer, input.text ?? '');
    } catch (error) {
      throw new TriggerError(error instanceof Error ? error.message : String(error));
    }
    this.core.changed();
    const deliveries = await this.core.eventSub.publish(
      'channel.channel_points_custom_reward_redemption.add',
      (condition) =>
        condition.broadcaster_user_id === channel.id && (!condition.reward_id || condition.reward_id === reward.id),
      redemptionEvent(redemption),
      input.delivery,
    );
    return { redemption, deliveries };
  }

  /** A viewer's chat message: to IRC connections in the channel and as `channel.chat.message`. */
  async chat(input: ChatInput): Promise<{ message: FakeChatMessage; deliveries: EventSubDelivery[] }> {
    const channel = this.user(input.channel, 'channel');
    const viewer = this.user(input.viewer, 'viewer');
    if (input.replyTo && !this.core.rooms.message(input.replyTo)) {
      throw new TriggerError(`No chat message ${input.replyTo} to reply to`);
    }
    const result = this.core.rooms.post({
      channel,
      sender: viewer,
      text: input.text,
      via: 'control',
      replyParentId: input.replyTo ?? null,
      enforceLimits: input.enforceLimits ?? false,
      delivery: input.delivery,
    });
    if (!result.sent) {
      throw new TriggerError(`Twitch dropped the message (${result.code}): ${result.text}`);
    }
    return { message: result.message, deliveries: await this.core.chatDeliveriesOf(result.message.id) };
  }

  /**
   * The user disconnects the app(s) on Twitch: their tokens stop working, `user.authorization.revoke`
   * goes to the app's subscriptions and their subscriptions are revoked (`authorization_revoked`).
   */
  async revokeAuthorization(input: { user: string; clientId?: string; delivery?: DeliveryOptions }) {
    const user = this.user(input.user, 'user');
    const clientIds = input.clientId
      ? [input.clientId]
      : this.core.apps
          .all()
          .map((app) => app.clientId)
          .filter((id) => this.core.tokens.hasAuthorized(id, user.id));
    this.core.tokens.revokeUser(user.id, input.clientId);
    this.core.changed();
    const deliveries: EventSubDelivery[] = [];
    for (const clientId of clientIds) {
      deliveries.push(
        ...(await this.core.eventSub.publish(
          'user.authorization.revoke',
          (condition) => condition.client_id === clientId,
          authorizationEvent(clientId, user, user.id),
          input.delivery,
        )),
      );
      deliveries.push(...(await this.core.eventSub.revokeForUser(user.id, 'authorization_revoked', clientId)));
    }
    return { deliveries };
  }

  /** Twitch ends a subscription (`user_removed`, `authorization_revoked`, `notification_failures_exceeded`, …). */
  async revokeSubscription(input: { id: string; reason: RevocationReason; delivery?: DeliveryOptions }) {
    if (!this.core.eventSub.all().some((subscription) => subscription.id === input.id)) {
      throw new TriggerError(`The fake Twitch has no EventSub subscription ${input.id}`);
    }
    return { delivery: await this.core.eventSub.revoke(input.id, input.reason, input.delivery) };
  }

  /** The account is closed or banned: subscriptions naming it are revoked with `user_removed`. */
  async removeUser(input: { user: string }) {
    const user = this.user(input.user, 'user');
    return { deliveries: await this.core.eventSub.revokeForUser(user.id, 'user_removed') };
  }

  async redeliver(input: { messageId: string; delivery?: DeliveryOptions }) {
    try {
      return { delivery: await this.core.eventSub.redeliver(input.messageId, input.delivery) };
    } catch (error) {
      throw new TriggerError(error instanceof Error ? error.message : String(error));
    }
  }
}
