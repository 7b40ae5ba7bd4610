import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { eventually } from '../support/eventually';
import { pollUntil, waitForJobEnd } from '../generation/support';
import { connectedStreamer, type ConnectedStreamer } from '../channel-points/support';
import { EVENTSUB_SECRET } from '../eventsub/support';

/**
 * The whole live path of a channel-point redemption: Twitch → EventSub → an idea in the streamer's
 * approval queue → approved into a generation → the asset ready → the redemption FULFILLED at Twitch;
 * or rejected → CANCELED, so Twitch refunds the points.
 */
describe('a channel-point redemption becomes a viewer idea, and its fate goes back to Twitch', function () {
  this.timeout(120_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let streamer: ConnectedStreamer;
  let rewardId: string;

  before(async () => {
    twitch = await startFakeTwitch({ eventSub: { retryDelaysMs: [50, 100] } });
    app = await startTestService({
      ...twitch.serviceEnv,
      TWITCH_EVENTSUB_SECRET: EVENTSUB_SECRET,
      GENERATION_REQUESTS_PER_MINUTE: '1000',
    });
    streamer = await connectedStreamer(app, twitch);
    await streamer.api.brandKits.create({ body: { name: 'Neon', primaryColors: ['#8B5CF6'] } });
    await streamer.api.ideas.updateSettings({ body: { cooldownSeconds: 0, onePendingPerViewer: false } });
    rewardId = (await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } }))
      .twitchRewardId!;
    await twitch.eventSub.settle();
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  const newViewer = (name: string) =>
    twitch.addUser({ login: `${name}${randomUUID().slice(0, 6)}`, display_name: name, broadcaster_type: '' });
  const twitchStatus = (redemptionId: string) =>
    twitch.redemptions(rewardId).find((redemption) => redemption.id === redemptionId)?.status;
  /** Redeems the reward as a new viewer and waits for the idea it makes in the streamer's queue. */
  async function redeemIdea(name: string, text: string) {
    const viewer = newViewer(name);
    const { redemption } = await twitch.eventSub.redeem({
      channel: streamer.twitchUserId,
      viewer: viewer.id,
      text,
      reward: rewardId,
    });
    const idea = await pollUntil(
      async () =>
        (await streamer.api.ideas.list({ query: { status: 'pending' } })).ideas.find(
          (item) => item.redemption?.redemptionId === redemption.id,
        ),
      (found) => found !== undefined,
      { what: 'the redemption’s idea in the queue' },
    );
    return { redemption, idea: idea!, viewer };
  }

  it('waits in the approval queue as a channel_points idea by the viewer, the redemption still unfulfilled', async () => {
    const { redemption, idea } = await redeemIdea('FrogFan', 'a frog wearing a crown');
    expect(idea).to.deep.include({ source: 'channel_points', status: 'pending', text: 'a frog wearing a crown' });
    expect(idea.viewer.displayName).to.equal('FrogFan');
    expect(idea.redemption).to.deep.include({ rewardId, status: 'UNFULFILLED' });
    expect(twitchStatus(redemption.id)).to.equal('UNFULFILLED');
  });

  it('approved, makes the asset and marks the redemption FULFILLED at Twitch', async () => {
    const { redemption, idea } = await redeemIdea('CatFan', 'a cat in sunglasses');
    const approved = await streamer.api.ideas.approve({ params: { id: idea.id }, body: {} });
    const job = await waitForJobEnd(streamer.api, approved.jobId!);
    expect(job.status, job.errorMessage ?? '').to.equal('completed');

    expect(await eventually(() => twitchStatus(redemption.id) === 'FULFILLED', 20_000)).to.equal(true);
    const ready = await streamer.api.ideas.get({ params: { id: idea.id } });
    expect(ready.status).to.equal('ready');
    expect(ready.assetIds.length).to.be.greaterThan(0);
    await pollUntil(
      () => streamer.api.ideas.get({ params: { id: idea.id } }),
      (stored) => stored.redemption?.status === 'FULFILLED',
      { what: 'the idea to record the status Twitch has' },
    );
  });

  it('rejected, cancels the redemption so Twitch refunds the points', async () => {
    const { redemption, idea } = await redeemIdea('GhostFan', 'a spooky ghost');
    await streamer.api.ideas.reject({ params: { id: idea.id }, body: { reason: 'Not this stream' } });
    expect(await eventually(() => twitchStatus(redemption.id) === 'CANCELED', 20_000)).to.equal(true);
  });

  it('refused at intake (a blocked term), never reaches the queue and is refunded', async () => {
    await streamer.api.ideas.updateSettings({ body: { blockedTerms: ['pineapple'] } });
    const viewer = newViewer('PizzaFan');
    const { redemption } = await twitch.eventSub.redeem({
      channel: streamer.twitchUserId,
      viewer: viewer.id,
      text: 'a pineapple pizza',
      reward: rewardId,
    });
    expect(await eventually(() => twitchStatus(redemption.id) === 'CANCELED', 20_000)).to.equal(true);
    const { ideas: items } = await streamer.api.ideas.list({ query: {} });
    expect(items.some((item) => item.redemption?.redemptionId === redemption.id)).to.equal(false);
  });
});
