import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { eventually } from '../support/eventually';
import { connectedStreamer } from '../channel-points/support';
import { collections, EVENTSUB_SECRET, postEventSub, sameDeployment, sentMessage } from './support';

describe('EventSub with two service processes on one database and Redis', () => {
  let twitch: FakeTwitch;
  let first: TestService;
  let second: TestService;

  before(async () => {
    twitch = await startFakeTwitch();
    first = await startTestService(
      { ...twitch.serviceEnv, TWITCH_EVENTSUB_SECRET: EVENTSUB_SECRET, LOG_LEVEL: 'info' },
      { captureLogs: true },
    );
    second = await startTestService(
      {
        ...twitch.serviceEnv,
        LOG_LEVEL: 'info',
        ...sameDeployment(first),
      },
      { captureLogs: true },
    );
  });
  after(async () => {
    await second.stop();
    await first.stop();
    await twitch.stop();
  });

  it('makes one idea when the same delivery reaches both processes at once', async () => {
    const streamer = await connectedStreamer(first, twitch);
    const rewardId = (await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } }))
      .twitchRewardId!;
    await twitch.eventSub.settle();
    const viewer = twitch.addUser({ login: `viewer${randomUUID().slice(0, 6)}`, broadcaster_type: '' }).id;
    // Twitch's own attempt is refused (a forged signature), so the redemption waits at Twitch and
    // only the copies below, signed properly, can do the work
    const { redemption, deliveries } = await twitch.eventSub.redeem({
      channel: streamer.twitchUserId,
      viewer,
      text: 'a frog',
      reward: rewardId,
      delivery: { forgeSignature: true },
    });
    const sent = sentMessage(twitch, deliveries[0]!.messageId);
    twitch.clearRequests();
    first.logs!.clear();
    second.logs!.clear();

    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        postEventSub(index % 2 === 0 ? second : first, { id: sent.messageId, type: 'notification', body: sent.body }),
      ),
    );
    expect(answers.map((answer) => answer.status)).to.deep.equal(Array(8).fill(204));

    const ideasOf = async () =>
      (await streamer.api.ideas.list({ query: {} })).ideas.filter(
        (idea) => idea.redemption?.redemptionId === redemption.id,
      );
    expect(await eventually(async () => (await ideasOf()).length === 1, 10_000), 'one idea').to.equal(true);
    expect(
      await eventually(
        async () =>
          (await collections(first).deliveries.findOne({ _id: sent.messageId as never }))?.status === 'processed',
      ),
    ).to.equal(true);
    // give a second worker time to do it again, were it going to
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ideasOf(), 'still one idea').to.have.length(1);
    const status = twitch.redemptions(rewardId).find((r) => r.id === redemption.id)?.status;
    expect(status, 'waiting in the approval queue').to.equal('UNFULFILLED');
    // one process claimed the message id in Redis; every other copy was recognised as a duplicate
    const duplicates = [first, second]
      .flatMap((app) => app.logs!.records())
      .filter((line) => typeof line.msg === 'string' && line.msg.startsWith('EventSub message already received'));
    expect(duplicates).to.have.length(7);
    expect(await collections(first).redemptions.countDocuments({ twitch_redemption_id: redemption.id })).to.equal(1);
    expect(await collections(second).deliveries.countDocuments({ _id: sent.messageId as never })).to.equal(1);
  });
});
