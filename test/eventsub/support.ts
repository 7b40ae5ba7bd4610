import { createHmac } from 'node:crypto';
import type { FakeTwitch } from '@aurastream/fake-twitch';
import type { TestService } from '@aurastream/service/testing';

/** The secret the test services verify deliveries with (TWITCH_EVENTSUB_SECRET). */
export const EVENTSUB_SECRET = 'eventsub-test-secret-0123456789';

export const collections = (app: TestService) => ({
  deliveries: app.service.infra.mongo.connection.collection('eventsub_deliveries'),
  redemptions: app.service.infra.mongo.connection.collection('channel_point_redemptions'),
  connections: app.service.infra.mongo.connection.collection('platform_connections'),
});

/**
 * Posts an EventSub message to a service as Twitch would, signed with `secret` (the service's own
 * unless told otherwise) and stamped `sentAt`: for deliveries the fake Twitch cannot send, such as
 * the same message reaching two service processes at once.
 */
export async function postEventSub(
  app: TestService,
  message: { id: string; type: 'notification' | 'revocation' | 'webhook_callback_verification'; body: string },
  options: { secret?: string; sentAt?: Date; subscriptionType?: string } = {},
): Promise<Response> {
  const timestamp = (options.sentAt ?? new Date()).toISOString();
  const signature = createHmac('sha256', options.secret ?? EVENTSUB_SECRET)
    .update(message.id + timestamp + message.body)
    .digest('hex');
  return fetch(`${app.url}/api/v1/twitch/eventsub`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'twitch-eventsub-message-id': message.id,
      'twitch-eventsub-message-timestamp': timestamp,
      'twitch-eventsub-message-signature': `sha256=${signature}`,
      'twitch-eventsub-message-type': message.type,
      'twitch-eventsub-message-retry': '0',
      'twitch-eventsub-subscription-type':
        options.subscriptionType ?? 'channel.channel_points_custom_reward_redemption.add',
      'twitch-eventsub-subscription-version': '1',
    },
    body: message.body,
  });
}

/** The fake's record of a message it sent: its id and raw body. */
export function sentMessage(twitch: FakeTwitch, messageId: string) {
  const delivery = twitch.eventSub.deliveries().find((d) => d.messageId === messageId);
  if (!delivery) {
    throw new Error(`the fake Twitch sent no message ${messageId}`);
  }
  return delivery;
}

/**
 * The settings a second service process shares with `app` (one deployment): its database, Redis
 * prefix and the secrets that encrypt stored tokens and sign sessions and EventSub deliveries.
 */
export function sameDeployment(app: TestService): Record<string, string> {
  const { config } = app.service;
  return {
    MONGODB_DB_NAME: config.mongo.dbName,
    REDIS_KEY_PREFIX: config.redis.keyPrefix,
    ENCRYPTION_KEY: config.encryptionKey.toString('base64'),
    JWT_SECRET: config.auth.jwtSecret,
    TWITCH_EVENTSUB_SECRET: config.twitch.eventSubSecret,
  };
}
