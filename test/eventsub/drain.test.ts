import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { eventually } from '../support/eventually';
import { connectedStreamer, type ConnectedStreamer } from '../channel-points/support';
import { collections, EVENTSUB_SECRET, postEventSub, sentMessage } from './support';

/** A notification of a subscription type only these tests handle. */
function notification(type: string, event: Record<string, unknown> = {}): { id: string; body: string } {
  return {
    id: randomUUID(),
    body: JSON.stringify({
      subscription: { id: randomUUID(), type, version: '1', status: 'enabled', condition: {} },
      event: { id: randomUUID(), ...event },
    }),
  };
}

describe('EventSub deliveries drained in leased batches', function () {
  this.timeout(60_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let streamer: ConnectedStreamer;
  let rewardId: string;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService(
      { ...twitch.serviceEnv, TWITCH_EVENTSUB_SECRET: EVENTSUB_SECRET, JOB_RETRY_BASE_MS: '100', JOB_MAX_RETRIES: '2' },
      { captureLogs: true },
    );
    streamer = await connectedStreamer(app, twitch);
    rewardId = (await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } }))
      .twitchRewardId!;
    await twitch.eventSub.settle();
  });
  after(async () => {
    await app.stop();
    await twitch.stop();
  });

  const dispatcher = () => app.service.container.eventSub.dispatcher;
  const delivery = async (messageId: string) => collections(app).deliveries.findOne({ _id: messageId as never });

  /** A redemption Twitch could not deliver (its signature refused), as the fake sent it. */
  async function undeliveredRedemption(text: string) {
    const viewer = twitch.addUser({ login: `viewer${randomUUID().slice(0, 6)}`, broadcaster_type: '' }).id;
    const { redemption, deliveries } = await twitch.eventSub.redeem({
      channel: streamer.twitchUserId,
      viewer,
      text,
      reward: rewardId,
      delivery: { forgeSignature: true },
    });
    await twitch.eventSub.settle();
    return { redemption, sent: sentMessage(twitch, deliveries[0]!.messageId) };
  }

  /** Stores a delivery as the callback would have, leased by a process that died mid-batch. */
  async function storeLeasedByDeadProcess(sent: { messageId: string; body: string }, leaseEndsAt: Date) {
    const message = JSON.parse(sent.body) as {
      subscription: { id: string; type: string; version: string; status: string; condition: object };
      event: object;
    };
    const now = new Date();
    await collections(app).deliveries.insertOne({
      _id: sent.messageId as never,
      message_type: 'notification',
      subscription_id: message.subscription.id,
      subscription_type: message.subscription.type,
      subscription_version: message.subscription.version,
      subscription_status: message.subscription.status,
      condition: message.subscription.condition,
      event: message.event,
      sent_at: now,
      status: 'pending',
      attempts: 1,
      available_at: leaseEndsAt,
      lease: `dead-process-${randomUUID()}`,
      outcome: null,
      processed_at: null,
      created_at: now,
      updated_at: now,
    });
  }

  const ideasOf = async (redemptionId: string) =>
    (await streamer.api.ideas.list({ query: {} })).ideas.filter(
      (idea) => idea.redemption?.redemptionId === redemptionId,
    );

  it('takes over the batch of a process that died once its lease ends, and makes its idea once', async () => {
    const { redemption, sent } = await undeliveredRedemption('a crashed frog');
    const leaseEndsAt = new Date(Date.now() + 1500);
    await storeLeasedByDeadProcess(sent, leaseEndsAt);
    app.service.container.eventSub.drain.wake();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await delivery(sent.messageId))?.status, 'left alone while the lease runs').to.equal('pending');

    expect(
      await eventually(async () => (await delivery(sent.messageId))?.status === 'processed', 10_000),
      'processed after the lease',
    ).to.equal(true);
    expect(Date.now()).to.be.at.least(leaseEndsAt.getTime());
    expect((await delivery(sent.messageId))?.attempts).to.equal(2);
    expect(await ideasOf(redemption.id)).to.have.length(1);
    expect(await collections(app).redemptions.countDocuments({ twitch_redemption_id: redemption.id })).to.equal(1);
  });

  it('makes no second idea when a batch is handled again after its process died between the idea and the redemption’s update', async () => {
    const { redemption, sent } = await undeliveredRedemption('a frog handled twice');
    expect((await postEventSub(app, { id: sent.messageId, type: 'notification', body: sent.body })).status).to.equal(
      204,
    );
    expect(await eventually(async () => (await delivery(sent.messageId))?.status === 'processed', 10_000)).to.equal(
      true,
    );
    const [idea] = await ideasOf(redemption.id);
    // the process died after storing the idea, before marking the redemption submitted and settling
    await collections(app).redemptions.updateOne(
      { twitch_redemption_id: redemption.id },
      { $set: { stage: 'received', idea_id: null } },
    );
    await collections(app).deliveries.updateOne(
      { _id: sent.messageId as never },
      { $set: { status: 'pending', lease: 'dead-process', available_at: new Date(Date.now() - 1000) } },
    );
    app.service.container.eventSub.drain.wake();

    expect(await eventually(async () => (await delivery(sent.messageId))?.status === 'processed', 10_000)).to.equal(
      true,
    );
    expect(await ideasOf(redemption.id)).to.have.length(1);
    expect(await collections(app).redemptions.findOne({ twitch_redemption_id: redemption.id })).to.include({
      stage: 'submitted',
      idea_id: idea!.id,
    });
  });

  it('retries a delivery whose handler failed, with back-off, until it succeeds', async () => {
    const calls: number[] = [];
    dispatcher().onNotification('test.flaky', async () => {
      calls.push(Date.now());
      if (calls.length < 3) {
        throw new Error('MongoDB hiccup');
      }
      return { outcome: 'processed' };
    });
    const message = notification('test.flaky');
    const answer = await postEventSub(
      app,
      { id: message.id, type: 'notification', body: message.body },
      { subscriptionType: 'test.flaky' },
    );
    expect(answer.status).to.equal(204);
    expect(await eventually(async () => (await delivery(message.id))?.status === 'processed', 10_000)).to.equal(true);
    expect(calls).to.have.length(3);
    // 100 ms, then 200 ms (±20%)
    expect(calls[1]! - calls[0]!).to.be.at.least(75);
    expect(calls[2]! - calls[1]!).to.be.at.least(155);
    expect((await delivery(message.id))?.attempts).to.equal(3);
  });

  it('marks a delivery failed after the last retry, and does not try it again', async () => {
    let calls = 0;
    dispatcher().onNotification('test.broken', async () => {
      calls += 1;
      throw new Error('Helix is down');
    });
    const message = notification('test.broken');
    await postEventSub(
      app,
      { id: message.id, type: 'notification', body: message.body },
      { subscriptionType: 'test.broken' },
    );
    expect(await eventually(async () => (await delivery(message.id))?.status === 'failed', 10_000)).to.equal(true);
    expect(calls, 'the first attempt and JOB_MAX_RETRIES retries').to.equal(3);
    expect((await delivery(message.id))?.outcome).to.equal('Helix is down');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls).to.equal(3);
  });

  it('stores a burst of concurrent deliveries, duplicates among them, and handles each message once', async () => {
    const handled = new Map<string, number>();
    dispatcher().onNotification('test.burst', async (received) => {
      handled.set(received.messageId, (handled.get(received.messageId) ?? 0) + 1);
      return { outcome: 'processed' };
    });
    const messages = Array.from({ length: 60 }, () => notification('test.burst'));
    const answers = await Promise.all(
      [...messages, ...messages].map((message) =>
        postEventSub(
          app,
          { id: message.id, type: 'notification', body: message.body },
          { subscriptionType: 'test.burst' },
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).to.deep.equal(Array(120).fill(204));
    const ids = messages.map((message) => message.id);
    expect(
      await eventually(
        async () =>
          (await collections(app).deliveries.countDocuments({ _id: { $in: ids as never[] }, status: 'processed' })) ===
          60,
        10_000,
      ),
    ).to.equal(true);
    expect(await collections(app).deliveries.countDocuments({ _id: { $in: ids as never[] } })).to.equal(60);
    expect([...handled.keys()].sort()).to.deep.equal([...ids].sort());
    expect([...handled.values()].every((count) => count === 1)).to.equal(true);
  });
  it('hands what this process received to its own drain, leased to it, and gives back what it had not handled when it stops', async () => {
    const handled: string[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    dispatcher().onNotification('test.held', async (received) => {
      handled.push(received.messageId);
      await gate;
      return { outcome: 'processed' };
    });
    const post = (message: { id: string; body: string }) =>
      postEventSub(
        app,
        { id: message.id, type: 'notification', body: message.body },
        { subscriptionType: 'test.held' },
      );
    const first = notification('test.held');
    expect((await post(first)).status).to.equal(204);
    expect(await eventually(async () => handled.length === 1, 10_000), 'the first batch is in hand').to.equal(true);
    const waiting = Array.from({ length: 3 }, () => notification('test.held'));
    for (const message of waiting) {
      expect((await post(message)).status).to.equal(204);
    }
    for (const message of waiting) {
      const stored = await delivery(message.id);
      // stored already taken by this process's drain: no other drain takes it while the lease runs
      expect(stored?.lease, 'leased to this process').to.be.a('string');
      expect((stored?.available_at as Date).getTime()).to.be.greaterThan(Date.now() + 30_000);
      expect(stored?.attempts).to.equal(1);
    }

    const drain = app.service.container.eventSub.drain;
    const stopped = drain.stop();
    open();
    await stopped;
    expect((await delivery(first.id))?.status, 'the batch in hand is finished').to.equal('processed');
    for (const message of waiting) {
      const stored = await delivery(message.id);
      expect(stored, 'given back for any drain').to.include({ status: 'pending', lease: null, attempts: 0 });
      expect((stored?.available_at as Date).getTime()).to.be.at.most(Date.now());
    }
    expect(handled).to.deep.equal([first.id]);

    await drain.start();
    expect(
      await eventually(
        async () =>
          (await collections(app).deliveries.countDocuments({
            _id: { $in: waiting.map((message) => message.id) as never[] },
            status: 'processed',
          })) === 3,
        10_000,
      ),
      'handled after the restart',
    ).to.equal(true);
    expect([...handled].sort()).to.deep.equal([first.id, ...waiting.map((message) => message.id)].sort());
  });
});
