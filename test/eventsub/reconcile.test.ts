import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { eventually } from '../support/eventually';
import { connectedStreamer } from '../channel-points/support';
import { sameDeployment } from './support';

const REDEMPTION_ADD = 'channel.channel_points_custom_reward_redemption.add';

describe('EventSub subscriptions reconciled at start', () => {
  let twitch: FakeTwitch;
  let app: TestService;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv });
  });
  after(async () => {
    await app.stop();
    await twitch.stop();
  });

  const helix = (method: string, path: string, body?: unknown) =>
    fetch(`${twitch.url}/eventsub/subscriptions${path}`, {
      method,
      headers: {
        'client-id': twitch.clientId,
        authorization: `Bearer ${twitch.issueAppToken()}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('creates the missing subscriptions, deletes the stale ones of its callback and leaves other callbacks alone', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const on = await streamer.api.channelPoints.update({ body: { enabled: true } });
    await twitch.eventSub.settle();
    const callback = `${app.url}/api/v1/twitch/eventsub`;
    const ours = () => twitch.eventSub.subscriptions().filter((s) => s.transport.callback === callback);
    const wanted = ours().find((s) => s.condition.reward_id === on.twitchRewardId)!;

    // while no process ran: the reward's subscription vanished, a stale one appeared (a reward
    // AuraStream no longer has), and another deployment subscribed with its own callback
    expect((await helix('DELETE', `?id=${wanted.id}`)).status).to.equal(204);
    const staleReward = twitch.createReward(streamer.twitchUserId, { title: 'Old reward', cost: 5 }, twitch.clientId);
    const transport = { method: 'webhook', callback, secret: 'another-secret-0123456789' };
    const stale = await helix('POST', '', {
      type: REDEMPTION_ADD,
      version: '1',
      condition: { broadcaster_user_id: streamer.twitchUserId, reward_id: staleReward.id },
      transport,
    });
    expect(stale.status).to.equal(202);
    const elsewhere = await helix('POST', '', {
      type: REDEMPTION_ADD,
      version: '1',
      condition: { broadcaster_user_id: streamer.twitchUserId },
      transport: { ...transport, callback: 'http://127.0.0.1:9/another-deployment' },
    });
    expect(elsewhere.status).to.equal(202);

    // a process starts (same deployment and callback): it reconciles
    const next = await startTestService(
      { ...twitch.serviceEnv, ...sameDeployment(app), PUBLIC_URL: app.url, LOG_LEVEL: 'info' },
      { captureLogs: true },
    );
    try {
      const reconciled = await eventually(() => {
        const now = ours();
        return (
          now.some((s) => s.condition.reward_id === on.twitchRewardId && s.status !== 'authorization_revoked') &&
          !now.some((s) => s.condition.reward_id === staleReward.id)
        );
      }, 15_000);
      expect(reconciled, 'missing created, stale deleted').to.equal(true);
      expect(ours().some((s) => s.type === 'user.authorization.revoke')).to.equal(true);
      expect(
        twitch.eventSub.subscriptions().some((s) => s.transport.callback === 'http://127.0.0.1:9/another-deployment'),
      ).to.equal(true);
      await twitch.eventSub.settle();
      const recreated = ours().find((s) => s.condition.reward_id === on.twitchRewardId);
      expect(recreated?.status).to.equal('enabled');
      expect(recreated?.id).to.not.equal(wanted.id);
    } finally {
      await next.stop();
    }
  });
});
