import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError, CHANNEL_MAX_CUSTOM_REWARDS } from '@aurastream/contract';
import { eventually } from '../support/eventually';
import { connectedStreamer, connectTwitch } from './support';

const REDEMPTION_ADD = 'channel.channel_points_custom_reward_redemption.add';

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('the channel-point reward (Helix custom rewards as the streamer)', () => {
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
  afterEach(() => {
    expect(twitch.unexpectedRequests).to.deep.equal([]);
  });

  it('starts off with the default settings, and says which scopes are granted and which are missing', async () => {
    const streamer = await connectedStreamer(app, twitch, { scopes: null });
    const state = await streamer.api.channelPoints.get();
    expect(state).to.include({ enabled: false, state: 'off', title: 'Suggest an emote', cost: 1000 });
    expect(state.twitchConnected).to.equal(true);
    expect(state.grantedScopes).to.deep.equal(['user:read:email']);
    expect(state.missingScopes).to.have.members(['channel:read:redemptions', 'channel:manage:redemptions']);
  });

  it('refuses to turn on before the streamer grants the redemption scopes, then turns on once they do (incremental consent)', async () => {
    const streamer = await connectedStreamer(app, twitch, { scopes: null });
    const error = await refusal(streamer.api.channelPoints.update({ body: { enabled: true } }));
    expect(error.status).to.equal(403);
    expect(error.code).to.equal('twitch_scopes_missing');
    expect(error.details).to.deep.include({ scope_set: 'channel_points' });
    expect(twitch.rewards(streamer.twitchUserId)).to.have.length(0);

    const outcome = await connectTwitch(app, twitch, streamer.accessToken, streamer.twitchUserId, 'channel_points');
    expect(outcome.get('status')).to.equal('success');
    const connection = await streamer.api.twitchConnection.get();
    expect(connection.grantedScopes).to.have.members([
      'user:read:email',
      'channel:read:redemptions',
      'channel:manage:redemptions',
    ]);

    const on = await streamer.api.channelPoints.update({ body: { enabled: true } });
    expect(on).to.include({ enabled: true, state: 'active' });
    expect(on.missingScopes).to.deep.equal([]);
  });

  it('creates the reward on Twitch as the streamer (AuraStream owns it) and subscribes to its redemptions', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const on = await streamer.api.channelPoints.update({
      body: { enabled: true, title: 'Draw my emote', cost: 500, globalCooldownSeconds: 30, maxPerStream: 5 },
    });
    expect(on).to.include({ enabled: true, state: 'active', title: 'Draw my emote', cost: 500 });
    const [reward] = twitch.rewards(streamer.twitchUserId);
    expect(reward).to.include({ id: on.twitchRewardId, title: 'Draw my emote', cost: 500 });
    expect(reward!.is_user_input_required).to.equal(true);

    await twitch.eventSub.settle();
    const subscription = twitch.eventSub
      .subscriptions()
      .find((s) => s.type === REDEMPTION_ADD && s.condition.reward_id === on.twitchRewardId);
    expect(subscription).to.include({ status: 'enabled' });
    expect(subscription!.condition.broadcaster_user_id).to.equal(streamer.twitchUserId);
    expect(subscription!.transport.callback).to.equal(`${app.url}/api/v1/twitch/eventsub`);
  });

  it('edits the reward on Twitch, and recreates it when it was deleted on Twitch meanwhile', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const on = await streamer.api.channelPoints.update({ body: { enabled: true } });
    await streamer.api.channelPoints.update({ body: { cost: 2500, prompt: 'Your emote idea' } });
    expect(twitch.rewards(streamer.twitchUserId)[0]).to.include({ cost: 2500, prompt: 'Your emote idea' });

    const appToken = twitch.issueUserToken(streamer.twitchUserId, ['channel:manage:redemptions']).accessToken;
    const deleted = await fetch(
      `${twitch.url}/helix/channel_points/custom_rewards?broadcaster_id=${streamer.twitchUserId}&id=${on.twitchRewardId}`,
      { method: 'DELETE', headers: { 'client-id': twitch.clientId, authorization: `Bearer ${appToken}` } },
    );
    expect(deleted.status).to.equal(204);

    const edited = await streamer.api.channelPoints.update({ body: { cost: 3000 } });
    expect(edited.state).to.equal('active');
    expect(edited.twitchRewardId).to.not.equal(on.twitchRewardId);
    expect(twitch.rewards(streamer.twitchUserId).map((r) => r.id)).to.deep.equal([edited.twitchRewardId]);
  });

  it('turning off deletes the reward and its subscription at Twitch', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const on = await streamer.api.channelPoints.update({ body: { enabled: true } });
    await twitch.eventSub.settle();
    const off = await streamer.api.channelPoints.update({ body: { enabled: false } });
    expect(off).to.include({ enabled: false, state: 'off', twitchRewardId: null });
    expect(twitch.rewards(streamer.twitchUserId)).to.have.length(0);
    expect(twitch.eventSub.subscriptions().filter((s) => s.condition.reward_id === on.twitchRewardId)).to.deep.equal(
      [],
    );
  });

  it("says so, as a 403 and the state 'not_eligible', when the channel is not an affiliate or partner", async () => {
    const streamer = await connectedStreamer(app, twitch, { broadcasterType: '' });
    const error = await refusal(streamer.api.channelPoints.update({ body: { enabled: true } }));
    expect(error.status).to.equal(403);
    expect(error.code).to.equal('channel_points_unavailable');
    expect(error.message).to.match(/affiliates and partners/);
    const state = await streamer.api.channelPoints.get();
    expect(state).to.include({ enabled: false, state: 'not_eligible' });
    expect(state.lastError).to.match(/affiliates and partners/);
  });

  it(`answers 409 when the channel already has Twitch's ${CHANNEL_MAX_CUSTOM_REWARDS} custom rewards`, async () => {
    const streamer = await connectedStreamer(app, twitch);
    for (let index = 0; index < CHANNEL_MAX_CUSTOM_REWARDS; index += 1) {
      twitch.createReward(streamer.twitchUserId, { title: `Reward ${index}`, cost: 10 });
    }
    const error = await refusal(streamer.api.channelPoints.update({ body: { enabled: true } }));
    expect(error.status).to.equal(409);
    expect(error.code).to.equal('channel_points_reward_limit');
    expect(error.message).to.contain('50');
    expect((await streamer.api.channelPoints.get()).enabled).to.equal(false);
  });

  it('answers 409 for a title the channel already uses', async () => {
    const streamer = await connectedStreamer(app, twitch);
    twitch.createReward(streamer.twitchUserId, { title: 'Hydrate', cost: 10 });
    const error = await refusal(streamer.api.channelPoints.update({ body: { enabled: true, title: 'Hydrate' } }));
    expect(error.status).to.equal(409);
    expect(error.code).to.equal('channel_points_duplicate_title');
  });

  it("refuses settings beyond Twitch's limits with per-field details, before calling Twitch", async () => {
    const streamer = await connectedStreamer(app, twitch);
    twitch.clearRequests();
    const error = await refusal(
      streamer.api.channelPoints.update({ body: { title: 'x'.repeat(46), cost: 0, globalCooldownSeconds: 700_000 } }),
    );
    expect(error.status).to.equal(422);
    const fields = (error.details as { field: string }[]).map((issue) => issue.field);
    expect(fields).to.include.members(['title', 'cost', 'global_cooldown_seconds']);
    expect(twitch.requestsTo('/helix/channel_points/custom_rewards')).to.deep.equal([]);
  });

  it('answers 409 twitch_not_connected for a streamer without Twitch', async () => {
    const { api } = await app.createUser();
    const state = await api.channelPoints.get();
    expect(state.twitchConnected).to.equal(false);
    const error = await refusal(api.channelPoints.update({ body: { enabled: true } }));
    expect(error.status).to.equal(409);
    expect(error.code).to.equal('twitch_not_connected');
  });

  it('shows the reward disconnected when Twitch revokes its subscription, and the streamer is told why', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const on = await streamer.api.channelPoints.update({ body: { enabled: true } });
    await twitch.eventSub.settle();
    const subscription = twitch.eventSub.subscriptions().find((s) => s.condition.reward_id === on.twitchRewardId)!;
    await twitch.eventSub.revoke(subscription.id, 'notification_failures_exceeded');
    expect(
      await eventually(async () => (await streamer.api.channelPoints.get()).state === 'disconnected', 10_000),
    ).to.equal(true);
    const state = await streamer.api.channelPoints.get();
    expect(state.stateReason).to.equal('notification_failures_exceeded');
    expect(state.stateMessage).to.be.a('string').and.not.equal('');
  });
});
