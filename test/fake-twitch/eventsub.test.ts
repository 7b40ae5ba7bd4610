import { expect } from 'chai';
import type { ApiClient } from '@twurple/api';
import {
  EventSubChannelRedemptionAddEvent,
  EventSubUserAuthorizationGrantEvent,
  EventSubUserAuthorizationRevokeEvent,
} from '@twurple/eventsub-base';
import { startFakeTwitch, type FakeCustomReward, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';
import { aimTwurpleAt, appApi, pollUntil, WebhookReceiver } from './support';

const REDEMPTION_SCOPES = ['channel:read:redemptions', 'channel:manage:redemptions'];
const SECRET = 'a-webhook-secret-of-the-service';

describe('fake Twitch: EventSub webhooks', () => {
  let twitch: FakeTwitch;
  let streamer: FakeTwitchUser;
  let app: ApiClient;
  let reward: FakeCustomReward;
  let receiver: WebhookReceiver;
  let subscriptionId: string;

  before(async () => {
    twitch = await startFakeTwitch({ eventSub: { retryDelaysMs: [20, 20], failuresBeforeRevocation: 3 } });
    streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox' });
    twitch.addUser({ login: 'pixelpal', display_name: 'PixelPal', broadcaster_type: '' });
    twitch.issueUserToken(streamer.id, REDEMPTION_SCOPES);
    reward = twitch.createReward(
      streamer.id,
      { title: 'Suggest an emote', cost: 100, is_user_input_required: true },
      twitch.clientId,
    );
    app = appApi(twitch);
    receiver = await new WebhookReceiver(SECRET).start();
  });
  aimTwurpleAt(() => twitch);
  after(async () => {
    await twitch.stop();
    await receiver.stop();
  });

  it('subscribes through twurple at /eventsub/subscriptions, then enables the subscription once the callback echoes the signed challenge', async () => {
    const subscription = await app.eventSub.subscribeToChannelRedemptionAddEventsForReward(streamer.id, reward.id, {
      method: 'webhook',
      callback: receiver.url,
      secret: SECRET,
    });
    subscriptionId = subscription.id;
    expect(subscription.status).to.equal('webhook_callback_verification_pending');
    expect(subscription.condition).to.deep.equal({ broadcaster_user_id: streamer.id, reward_id: reward.id });
    // twurple's mock layout: no /mock prefix for this one endpoint
    expect(twitch.requestsTo('/helix/eventsub/subscriptions').map((request) => request.path)).to.deep.equal([
      '/eventsub/subscriptions',
    ]);
    await twitch.eventSub.settle();
    const [challenge] = receiver.ofType('webhook_callback_verification');
    expect(challenge!.signatureValid).to.equal(true);
    expect(challenge!.headers).to.include({
      'twitch-eventsub-message-retry': '0',
      'twitch-eventsub-subscription-type': 'channel.channel_points_custom_reward_redemption.add',
      'twitch-eventsub-subscription-version': '1',
    });
    expect(challenge!.headers['twitch-eventsub-message-timestamp']).to.match(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/,
    );
    expect(challenge!.json.challenge).to.be.a('string').with.length.greaterThan(10);
    expect(challenge!.json.subscription).to.include({
      id: subscription.id,
      status: 'webhook_callback_verification_pending',
    });

    const listed = await app.eventSub.getSubscriptions();
    expect(listed.data.map((found) => [found.id, found.status, found.cost])).to.deep.equal([
      [subscription.id, 'enabled', 0],
    ]);
    expect(listed.total).to.equal(1);
    expect(listed.totalCost).to.equal(0);
    expect(listed.maxTotalCost).to.equal(10_000);
  });

  it('leaves a subscription failed when the callback answers something other than the challenge', async () => {
    const wrong = await new WebhookReceiver(SECRET).start();
    wrong.challengeAnswer = 'not the challenge';
    try {
      const subscription = await app.eventSub.subscribeToUserAuthorizationRevokeEvents(twitch.clientId, {
        method: 'webhook',
        callback: wrong.url,
        secret: SECRET,
      });
      await twitch.eventSub.settle();
      const stored = twitch.eventSub.subscriptions().find((found) => found.id === subscription.id);
      expect(stored!.status).to.equal('webhook_callback_verification_failed');
    } finally {
      await wrong.stop();
    }
  });

  it("refuses a user token, missing authorization, a duplicate and what Twitch doesn't know", async () => {
    const create = (body: unknown, token = twitch.issueAppToken()) =>
      fetch(`${twitch.url}/eventsub/subscriptions`, {
        method: 'POST',
        headers: { 'client-id': twitch.clientId, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const redemptionAdd = (condition: Record<string, string>, secret = SECRET) => ({
      type: 'channel.channel_points_custom_reward_redemption.add',
      version: '1',
      condition,
      transport: { method: 'webhook', callback: receiver.url, secret },
    });
    const viewer = twitch.user('pixelpal')!;
    const cases: [Response, number, RegExp][] = [
      [
        await create(
          redemptionAdd({ broadcaster_user_id: streamer.id }),
          twitch.issueUserToken(streamer.id).accessToken,
        ),
        401,
        /app access token/,
      ],
      [await create(redemptionAdd({ broadcaster_user_id: viewer.id })), 403, /authorization/],
      [await create(redemptionAdd({ broadcaster_user_id: streamer.id, reward_id: reward.id })), 409, /already exists/],
      [
        await create({ ...redemptionAdd({ broadcaster_user_id: streamer.id }), version: '7' }),
        400,
        /type .* and version/,
      ],
      [await create(redemptionAdd({ broadcaster_user_id: streamer.id }, 'short')), 400, /secret/],
      [await create(redemptionAdd({})), 400, /broadcaster_user_id/],
    ];
    for (const [response, status, message] of cases) {
      expect(response.status).to.equal(status);
      expect(((await response.json()) as { message: string }).message).to.match(message);
    }
  });

  it('delivers a signed redemption notification that twurple reads', async () => {
    const { redemption, deliveries } = await twitch.eventSub.redeem({
      channel: 'neonfox',
      viewer: 'pixelpal',
      text: 'a cat',
    });
    expect(deliveries.map((delivery) => delivery.state)).to.deep.equal(['delivered']);
    const [notification] = receiver.ofType('notification');
    expect(notification!.signatureValid).to.equal(true);
    expect(notification!.headers['twitch-eventsub-message-id']).to.equal(deliveries[0]!.messageId);
    expect(notification!.json.subscription).to.include({ id: subscriptionId, status: 'enabled' });
    const event = new EventSubChannelRedemptionAddEvent(notification!.json.event as never);
    expect(event).to.include({
      id: redemption.id,
      broadcasterId: streamer.id,
      broadcasterName: 'neonfox',
      userName: 'pixelpal',
      userDisplayName: 'PixelPal',
      input: 'a cat',
      status: 'unfulfilled',
      rewardId: reward.id,
      rewardTitle: 'Suggest an emote',
      rewardCost: 100,
    });
    expect(event.redemptionDate.getTime()).to.be.closeTo(Date.now(), 10_000);
  });

  it('retries a failed notification with the same id and a growing Message-Retry, and redelivers on demand', async () => {
    receiver.received.length = 0;
    receiver.status = 500;
    const { deliveries } = await twitch.eventSub.redeem({ channel: 'neonfox', viewer: 'pixelpal', text: 'a dog' });
    const [delivery] = deliveries;
    await pollUntil(
      async () => delivery!.state,
      (state) => state === 'failed',
      { what: 'the retries to run out' },
    );
    const attempts = receiver.ofType('notification');
    expect(attempts.map((message) => message.headers['twitch-eventsub-message-retry'])).to.deep.equal(['0', '1', '2']);
    expect(new Set(attempts.map((message) => message.headers['twitch-eventsub-message-id']))).to.deep.equal(
      new Set([delivery!.messageId]),
    );
    expect(attempts.every((message) => message.signatureValid && message.body === delivery!.body)).to.equal(true);

    receiver.status = 204;
    const again = await twitch.eventSub.redeliver(delivery!.messageId);
    expect(again.state).to.equal('delivered');
    expect(receiver.ofType('notification').at(-1)!.headers['twitch-eventsub-message-id']).to.equal(delivery!.messageId);
  });

  it('forges a signature, sends a stale timestamp or the same message twice when a test asks', async () => {
    receiver.received.length = 0;
    await twitch.eventSub.redeem({
      channel: 'neonfox',
      viewer: 'pixelpal',
      text: 'forged',
      delivery: { forgeSignature: true },
    });
    await twitch.eventSub.redeem({
      channel: 'neonfox',
      viewer: 'pixelpal',
      text: 'stale',
      delivery: { staleTimestamp: true },
    });
    await twitch.eventSub.redeem({ channel: 'neonfox', viewer: 'pixelpal', text: 'twice', delivery: { times: 2 } });
    const [forged, stale, first, second] = receiver.ofType('notification');
    expect(forged!.signatureValid).to.equal(false);
    expect(stale!.signatureValid).to.equal(true);
    const age = Date.now() - Date.parse(String(stale!.headers['twitch-eventsub-message-timestamp']));
    expect(age).to.be.greaterThan(10 * 60 * 1000);
    expect(first!.headers['twitch-eventsub-message-id']).to.equal(second!.headers['twitch-eventsub-message-id']);
    expect(first!.body).to.equal(second!.body);
  });

  it('revokes a subscription after repeated failed notifications (notification_failures_exceeded)', async () => {
    receiver.status = 503;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { deliveries } = await twitch.eventSub.redeem({
        channel: 'neonfox',
        viewer: 'pixelpal',
        text: `fail ${attempt}`,
      });
      await pollUntil(
        async () => deliveries[0]!.state,
        (state) => state === 'failed',
      );
    }
    await pollUntil(
      async () => receiver.ofType('revocation').at(-1)?.json.subscription,
      (subscription) => subscription?.status === 'notification_failures_exceeded',
      { what: 'the revocation message' },
    );
    expect(twitch.eventSub.subscriptions().find((found) => found.id === subscriptionId)!.status).to.equal(
      'notification_failures_exceeded',
    );
    receiver.status = 204;
    const { deliveries } = await twitch.eventSub.redeem({
      channel: 'neonfox',
      viewer: 'pixelpal',
      text: 'nobody listens',
    });
    expect(deliveries).to.deep.equal([]);
  });

  it("tells the app when a user revokes it: user.authorization.revoke, then authorization_revoked for the user's subscriptions", async () => {
    receiver.received.length = 0;
    const redemptions = await app.eventSub.subscribeToChannelRedemptionAddEvents(streamer.id, {
      method: 'webhook',
      callback: receiver.url,
      secret: SECRET,
    });
    await app.eventSub.subscribeToUserAuthorizationRevokeEvents(twitch.clientId, {
      method: 'webhook',
      callback: receiver.url,
      secret: SECRET,
    });
    await twitch.eventSub.settle();
    const { accessToken } = twitch.issueUserToken(streamer.id, REDEMPTION_SCOPES);
    await twitch.eventSub.revokeAuthorization({ user: 'neonfox' });
    expect(twitch.isTokenActive(accessToken)).to.equal(false);
    const [revoked] = receiver.ofType('notification');
    expect(revoked!.headers['twitch-eventsub-subscription-type']).to.equal('user.authorization.revoke');
    const event = new EventSubUserAuthorizationRevokeEvent(revoked!.json.event as never);
    expect(event).to.include({
      clientId: twitch.clientId,
      userId: streamer.id,
      userName: 'neonfox',
      userDisplayName: 'NeonFox',
    });
    const [revocation] = receiver.ofType('revocation');
    expect(revocation!.signatureValid).to.equal(true);
    expect(revocation!.json.subscription).to.include({ id: redemptions.id, status: 'authorization_revoked' });
    expect(revocation!.json).to.not.have.property('event');
  });

  it('tells the app when a user authorizes it for the first time (user.authorization.grant)', async () => {
    await app.eventSub.subscribeToUserAuthorizationGrantEvents(twitch.clientId, {
      method: 'webhook',
      callback: receiver.url,
      secret: SECRET,
    });
    await twitch.eventSub.settle();
    receiver.received.length = 0;
    const newcomer = twitch.addUser({ login: 'newcomer', display_name: 'Newcomer', broadcaster_type: '' });
    const redirectUri = 'http://127.0.0.1:9/callback';
    const authorize = await fetch(
      `${twitch.authBaseUrl}/authorize?${new URLSearchParams({ client_id: twitch.clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'user:read:email' }).toString()}`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const exchange = () =>
      fetch(`${twitch.authBaseUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: twitch.clientId,
          client_secret: twitch.clientSecret,
          code,
          grant_type: 'authorization_code',
          redirect_uri: redirectUri,
        }),
      });
    expect((await exchange()).status).to.equal(200);
    const [granted] = await pollUntil(
      async () => receiver.ofType('notification'),
      (found) => found.length > 0,
    );
    expect(granted!.headers['twitch-eventsub-subscription-type']).to.equal('user.authorization.grant');
    const event = new EventSubUserAuthorizationGrantEvent(granted!.json.event as never);
    expect(event).to.include({ clientId: twitch.clientId, userId: newcomer.id, userName: 'newcomer' });
  });

  it('sends a revocation on demand (user_removed) and deletes a subscription through twurple', async () => {
    twitch.issueUserToken(streamer.id, REDEMPTION_SCOPES);
    const subscription = await app.eventSub.subscribeToChannelRedemptionUpdateEvents(streamer.id, {
      method: 'webhook',
      callback: receiver.url,
      secret: SECRET,
    });
    await twitch.eventSub.settle();
    const revocation = await twitch.eventSub.revoke(subscription.id, 'user_removed');
    expect(revocation.messageType).to.equal('revocation');
    const body = JSON.parse(revocation.body) as { subscription: Record<string, unknown> };
    expect(body.subscription).to.include({ id: subscription.id, status: 'user_removed' });
    await app.eventSub.deleteSubscription(subscription.id);
    expect(twitch.eventSub.subscriptions().some((found) => found.id === subscription.id)).to.equal(false);
  });
});
