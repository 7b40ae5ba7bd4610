import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { eventually } from '../support/eventually';
import { pollUntil } from '../generation/support';
import { connectedStreamer, type ConnectedStreamer } from '../channel-points/support';
import { scrape, valueOf } from '../observability/prometheus';
import { collections, EVENTSUB_SECRET, postEventSub, sentMessage } from './support';

const METRICS_TOKEN = `metrics-${randomUUID()}`;

describe('the EventSub callback (POST /api/v1/twitch/eventsub)', () => {
  let twitch: FakeTwitch;
  let app: TestService;
  let streamer: ConnectedStreamer;
  let rewardId: string;
  let viewer: string;

  before(async () => {
    twitch = await startFakeTwitch({ eventSub: { retryDelaysMs: [50, 100] } });
    app = await startTestService(
      { ...twitch.serviceEnv, TWITCH_EVENTSUB_SECRET: EVENTSUB_SECRET, LOG_LEVEL: 'info', METRICS_TOKEN },
      { captureLogs: true },
    );
    streamer = await connectedStreamer(app, twitch);
    rewardId = (await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } }))
      .twitchRewardId!;
    await twitch.eventSub.settle();
    // these cases are about the callback: with ideas off, every redemption is refused and refunded at
    // once (test/live/redemption-to-idea.test.ts follows one into the approval queue)
    await streamer.api.ideas.updateSettings({ body: { enabled: false } });
    viewer = twitch.addUser({ login: `viewer${randomUUID().slice(0, 6)}`, broadcaster_type: '' }).id;
  });
  after(async () => {
    await app.stop();
    await twitch.stop();
  });
  afterEach(() => {
    expect(twitch.unexpectedRequests).to.deep.equal([]);
  });

  const redeem = (text: string, delivery?: Parameters<FakeTwitch['eventSub']['redeem']>[0]['delivery']) =>
    twitch.eventSub.redeem({ channel: streamer.twitchUserId, viewer, text, reward: rewardId, delivery });
  const twitchStatus = (redemptionId: string) =>
    twitch.redemptions(rewardId).find((redemption) => redemption.id === redemptionId)?.status;
  const statusPatches = () =>
    twitch.requestsTo('/helix/channel_points/custom_rewards/redemptions').filter((r) => r.method === 'PATCH');
  /** `aurastream_eventsub_deliveries_total` of an outcome (of redemptions, unless another type is named). */
  const deliveriesCounted = async (
    outcome: string,
    subscriptionType = 'channel.channel_points_custom_reward_redemption.add',
  ) =>
    valueOf(await scrape(`${app.url}/metrics`, METRICS_TOKEN), 'aurastream_eventsub_deliveries_total', {
      subscription_type: subscriptionType,
      outcome,
    });
  const processedEventually = async (messageId: string) =>
    eventually(
      async () => (await collections(app).deliveries.findOne({ _id: messageId as never }))?.status === 'processed',
      10_000,
    );

  it('answers the verification challenge with exactly the challenge, as text', async () => {
    const subscription = twitch.eventSub.subscriptions().find((s) => s.condition.reward_id === rewardId);
    expect(subscription?.status).to.equal('enabled');

    const challenge = `challenge-${randomUUID()}`;
    const body = JSON.stringify({
      challenge,
      subscription: {
        id: randomUUID(),
        type: 'user.authorization.revoke',
        version: '1',
        status: 'webhook_callback_verification_pending',
        condition: { client_id: twitch.clientId },
        transport: { method: 'webhook', callback: `${app.url}/api/v1/twitch/eventsub` },
        created_at: new Date().toISOString(),
        cost: 0,
      },
    });
    const response = await postEventSub(app, { id: randomUUID(), type: 'webhook_callback_verification', body });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain/);
    expect(await response.text()).to.equal(challenge);
  });

  it('stores a redemption, answers 2xx at once and processes it as a job: refused by the channel’s ideas settings, it is refunded', async () => {
    const { redemption, deliveries } = await redeem('a cat in sunglasses');
    expect(deliveries[0]!.attempts.map((attempt) => attempt.status)).to.deep.equal([204]);
    const stored = await collections(app).deliveries.findOne({ _id: deliveries[0]!.messageId as never });
    expect(stored).to.include({
      message_type: 'notification',
      subscription_type: 'channel.channel_points_custom_reward_redemption.add',
    });

    expect(await eventually(() => twitchStatus(redemption.id) === 'CANCELED', 10_000)).to.equal(true);
    // the service records Twitch's answer once it has it, just after Twitch has changed the status
    const record = await pollUntil(
      () => collections(app).redemptions.findOne({ twitch_redemption_id: redemption.id }),
      (found) => found?.twitch_status === 'CANCELED',
      { what: 'the refund to be recorded' },
    );
    expect(record).to.include({
      stage: 'refused',
      refusal_reason: 'ideas_disabled',
      twitch_status: 'CANCELED',
      user_input: 'a cat in sunglasses',
    });
    expect(
      await eventually(
        async () =>
          (await collections(app).deliveries.findOne({ _id: deliveries[0]!.messageId as never }))?.status ===
          'processed',
      ),
    ).to.equal(true);
  });

  it('refuses a forged delivery (401), changes nothing and logs it at warn', async () => {
    app.logs!.clear();
    const { redemption, deliveries } = await redeem('forged', { forgeSignature: true });
    await twitch.eventSub.settle();
    const delivery = sentMessage(twitch, deliveries[0]!.messageId);
    expect(delivery.attempts.length).to.be.greaterThan(0);
    expect(delivery.attempts.every((attempt) => attempt.status === 401)).to.equal(true);
    expect(await collections(app).deliveries.findOne({ _id: delivery.messageId as never })).to.equal(null);
    expect(await collections(app).redemptions.findOne({ twitch_redemption_id: redemption.id })).to.equal(null);
    expect(twitchStatus(redemption.id)).to.equal('UNFULFILLED');
    const refused = app.logs!.records().filter((line) => line.msg === 'EventSub delivery refused');
    expect(refused.length).to.be.greaterThan(0);
    expect(refused[0]).to.include({ level: 40, code: 'eventsub_signature_invalid', messageId: delivery.messageId });
    expect(JSON.stringify(refused)).to.not.contain('sha256=');
  });

  it('refuses a delivery signed more than 10 minutes ago (a replay) and changes nothing', async () => {
    app.logs!.clear();
    const { redemption, deliveries } = await redeem('stale', { staleTimestamp: true });
    await twitch.eventSub.settle();
    expect(deliveries[0]!.attempts[0]!.status).to.equal(401);
    expect(await collections(app).deliveries.findOne({ _id: deliveries[0]!.messageId as never })).to.equal(null);
    expect(twitchStatus(redemption.id)).to.equal('UNFULFILLED');
    const refused = app.logs!.records().find((line) => line.msg === 'EventSub delivery refused');
    expect(refused).to.include({ level: 40, code: 'eventsub_timestamp_out_of_window' });
  });

  it('acknowledges a message id it has received before and does not process it again', async () => {
    twitch.clearRequests();
    const { redemption, deliveries } = await redeem('twice', { times: 2 });
    const sent = sentMessage(twitch, deliveries[0]!.messageId);
    expect(sent.attempts.map((attempt) => attempt.status)).to.deep.equal([204, 204]);
    expect(await eventually(() => twitchStatus(redemption.id) === 'CANCELED', 10_000)).to.equal(true);
    // a replay well after the first delivery: same id, a fresh signature
    await twitch.eventSub.redeliver(sent.messageId);
    await twitch.eventSub.settle();
    expect(await collections(app).redemptions.countDocuments({ twitch_redemption_id: redemption.id })).to.equal(1);
    expect(statusPatches()).to.have.length(1);
  });

  it('acknowledges a redelivery after its Redis claim has passed by the stored message id, and does not process it again', async () => {
    const count = (outcome: string) => deliveriesCounted(outcome);
    const { redemption, deliveries } = await redeem('late again');
    const messageId = deliveries[0]!.messageId;
    expect(await processedEventually(messageId)).to.equal(true);
    const before = { processed: await count('processed'), duplicate: await count('duplicate') };
    // the claim lasts 30 s; Twitch may redeliver hours later (its first 2xx lost on the way)
    await app.service.infra.redis.del(`eventsub:message:${messageId}`);
    await twitch.eventSub.redeliver(messageId);
    await twitch.eventSub.settle();
    expect(sentMessage(twitch, messageId).attempts.map((attempt) => attempt.status)).to.deep.equal([204, 204]);
    expect(await count('duplicate')).to.equal(before.duplicate + 1);
    expect(await count('processed')).to.equal(before.processed);
    expect(await collections(app).deliveries.findOne({ _id: messageId as never })).to.include({ attempts: 1 });
    expect(await collections(app).redemptions.countDocuments({ twitch_redemption_id: redemption.id })).to.equal(1);
  });

  it('acknowledges and ignores a redemption of a reward or channel AuraStream does not know', async () => {
    const messageId = randomUUID();
    const event = {
      id: randomUUID(),
      broadcaster_user_id: streamer.twitchUserId,
      broadcaster_user_login: streamer.login,
      broadcaster_user_name: streamer.login,
      user_id: viewer,
      user_login: 'someone',
      user_name: 'someone',
      user_input: 'hello',
      status: 'unfulfilled',
      reward: { id: randomUUID(), title: 'Hydrate', cost: 10, prompt: '' },
      redeemed_at: new Date().toISOString(),
    };
    const body = JSON.stringify({
      subscription: {
        id: randomUUID(),
        type: 'channel.channel_points_custom_reward_redemption.add',
        version: '1',
        status: 'enabled',
        condition: { broadcaster_user_id: streamer.twitchUserId },
        created_at: new Date().toISOString(),
      },
      event,
    });
    const response = await postEventSub(app, { id: messageId, type: 'notification', body });
    expect(response.status).to.equal(204);
    expect(
      await eventually(
        async () => (await collections(app).deliveries.findOne({ _id: messageId as never }))?.status === 'ignored',
      ),
    ).to.equal(true);
    const stored = await collections(app).deliveries.findOne({ _id: messageId as never });
    expect(stored!.outcome).to.equal('unknown reward or channel');
    expect(await collections(app).redemptions.countDocuments({ twitch_redemption_id: event.id })).to.equal(0);
  });

  it('counts deliveries by outcome in aurastream_eventsub_deliveries_total', async () => {
    const count = deliveriesCounted;
    const before = {
      processed: await count('processed'),
      duplicate: await count('duplicate'),
      forged: await count('invalid_signature', 'unknown'),
      stale: await count('stale', 'unknown'),
    };
    const { deliveries } = await redeem('counted twice', { times: 2 });
    expect(await processedEventually(deliveries[0]!.messageId)).to.equal(true);
    await redeem('forged', { forgeSignature: true });
    await redeem('stale', { staleTimestamp: true });
    await twitch.eventSub.settle();
    expect(await count('processed')).to.equal(before.processed + 1);
    expect(await count('duplicate')).to.equal(before.duplicate + 1);
    // a refused delivery's subscription type is the sender's word: never a label
    expect(await count('invalid_signature', 'unknown')).to.be.greaterThan(before.forged);
    expect(await count('stale', 'unknown')).to.be.greaterThan(before.stale);
  });

  it('answers 401 to a delivery without a signature and 422 to a signed body that is not an EventSub message', async () => {
    const unsigned = await fetch(`${app.url}/api/v1/twitch/eventsub`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unsigned.status).to.equal(401);
    const malformed = await postEventSub(app, { id: randomUUID(), type: 'notification', body: '{"hello":"world"}' });
    expect(malformed.status).to.equal(422);
  });
});
