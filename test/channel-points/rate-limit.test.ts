import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError } from '@aurastream/contract';
import { eventually } from '../support/eventually';
import { connectedStreamer } from './support';

describe("Helix's rate limit (Ratelimit-Remaining / Ratelimit-Reset)", () => {
  let twitch: FakeTwitch;
  let app: TestService;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv, LOG_LEVEL: 'info' }, { captureLogs: true });
  });
  after(async () => {
    await app.stop();
    await twitch.stop();
  });

  const rewardRequests = () => twitch.requestsTo('/helix/channel_points/custom_rewards');

  it('answers 429 twitch_rate_limited with Retry-After, without calling Helix, while the bucket is known to be empty', async () => {
    const streamer = await connectedStreamer(app, twitch);
    await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } });
    twitch.setHelixRateLimit(30);
    twitch.exhaustHelixRateLimit();
    // this edit meets the empty bucket: twurple waits for Ratelimit-Reset and the edit succeeds;
    // every AuraStream process now knows the bucket is empty until then
    await streamer.api.channelPoints.update({ body: { cost: 700 } });
    twitch.clearRequests();
    let refused: unknown = null;
    try {
      await streamer.api.channelPoints.update({ body: { cost: 800 } });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(ApiError);
    const error = refused as ApiError;
    expect(error.status).to.equal(429);
    expect(error.code).to.equal('twitch_rate_limited');
    expect(error.retryAfterSeconds).to.be.within(1, 3);
    expect(rewardRequests()).to.deep.equal([]);
    twitch.setHelixRateLimit(800);
  });

  it('retries a redemption refund after Ratelimit-Reset instead of calling into an empty bucket', async () => {
    const streamer = await connectedStreamer(app, twitch);
    // ideas off: the redemption is refused at intake, so a refund is due at once
    await streamer.api.ideas.updateSettings({ body: { enabled: false } });
    const rewardId = (await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } }))
      .twitchRewardId!;
    await twitch.eventSub.settle();
    twitch.setHelixRateLimit(20);
    twitch.exhaustHelixRateLimit();
    await streamer.api.channelPoints.update({ body: { cost: 900 } });
    twitch.clearRequests();
    app.logs!.clear();

    const viewer = twitch.addUser({ login: `viewer${randomUUID().slice(0, 6)}`, broadcaster_type: '' }).id;
    const { redemption } = await twitch.eventSub.redeem({
      channel: streamer.twitchUserId,
      viewer,
      text: 'hi',
      reward: rewardId,
    });
    const status = () => twitch.redemptions(rewardId).find((r) => r.id === redemption.id)?.status;
    expect(await eventually(() => status() === 'CANCELED', 20_000)).to.equal(true);

    const backedOff = app
      .logs!.records()
      .filter((line) => line.msg === 'Helix rate limit used up: backing off until it resets');
    expect(backedOff.length).to.be.greaterThan(0);
    const patches = twitch
      .requestsTo('/helix/channel_points/custom_rewards/redemptions')
      .filter((r) => r.method === 'PATCH');
    expect(patches).to.have.length(1);
    twitch.setHelixRateLimit(800);
  });
});
