import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { realtimeTwitchEvents, type TwitchConnectionEvent } from '@aurastream/contract';
import { io } from 'socket.io-client';
import { eventually } from '../support/eventually';
import { connectedStreamer, type ConnectedStreamer } from '../channel-points/support';
import { sameDeployment } from '../eventsub/support';

describe('Twitch token hygiene', () => {
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

  const container = () => app.service.container;
  const tokensOf = (streamer: ConnectedStreamer) =>
    container().twitch.connections.getTokens(streamer.user.id, 'twitch');
  /** Twitch's own /revoke with the streamer's token: the grant behind it ends, refresh token included. */
  const revokeAtTwitch = async (streamer: ConnectedStreamer) => {
    const tokens = await tokensOf(streamer);
    const response = await fetch(`${twitch.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: twitch.clientId, token: tokens!.accessToken }),
    });
    expect(response.status).to.equal(200);
  };

  it('validates every stored token against /oauth2/validate and records what Twitch says', async () => {
    const streamer = await connectedStreamer(app, twitch);
    twitch.clearRequests();
    const counts = await container().twitch.validation.validateAll();
    expect(counts.valid).to.be.greaterThan(0);
    expect(twitch.requestsTo('/oauth2/validate').length).to.be.greaterThan(0);
    const connection = await streamer.api.twitchConnection.get();
    expect(connection.status).to.equal('active');
    expect(connection.validatedAt).to.be.a('string');
  });

  it('refreshes a token Twitch let expire, and the connection stays active', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const before = await tokensOf(streamer);
    twitch.expireAccessTokens();
    expect(await container().twitch.validation.validate(streamer.user.id)).to.equal('refreshed');
    const after = await tokensOf(streamer);
    expect(after!.accessToken).to.not.equal(before!.accessToken);
    expect(twitch.isTokenActive(after!.accessToken)).to.equal(true);
    expect((await streamer.api.twitchConnection.get()).status).to.equal('active');
  });

  it('marks a connection Twitch no longer accepts revoked, tells the streamer, and the reward shows disconnected', async () => {
    const streamer = await connectedStreamer(app, twitch);
    await streamer.api.channelPoints.update({ body: { enabled: true } });
    const notices: TwitchConnectionEvent[] = [];
    const socket = io(app.url, { auth: { token: streamer.accessToken }, transports: ['websocket'], forceNew: true });
    socket.on(realtimeTwitchEvents.connection, (notice: TwitchConnectionEvent) => notices.push(notice));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    try {
      await revokeAtTwitch(streamer);
      expect(await container().twitch.validation.validate(streamer.user.id)).to.equal('revoked');

      const connection = await streamer.api.twitchConnection.get();
      expect(connection).to.include({ connected: true, status: 'revoked', statusReason: 'refresh_failed' });
      expect(await eventually(() => notices.length > 0)).to.equal(true);
      expect(notices[0]).to.include({ status: 'revoked', reason: 'refresh_failed' });
      const reward = await streamer.api.channelPoints.get();
      expect(reward).to.include({ state: 'disconnected', stateReason: 'twitch_disconnected' });
      // a revoked connection is not used again: no Helix call for the channel context
      twitch.clearRequests();
      expect(await container().twitchContext.getChannelContext(streamer.user.id)).to.equal(null);
      expect(twitch.requestsTo('/helix/channels')).to.deep.equal([]);
    } finally {
      socket.disconnect();
    }
  });

  it('validates the stored tokens when a process starts', async () => {
    const streamer = await connectedStreamer(app, twitch);
    await revokeAtTwitch(streamer);
    expect((await streamer.api.twitchConnection.get()).status).to.equal('active');
    const next = await startTestService({ ...twitch.serviceEnv, ...sameDeployment(app) });
    try {
      expect(
        await eventually(async () => (await streamer.api.twitchConnection.get()).status === 'revoked', 15_000),
      ).to.equal(true);
    } finally {
      await next.stop();
    }
  });

  it('refreshes one connection once at a time, however many callers (and processes) ask at once', async () => {
    const second = await startTestService({
      ...twitch.serviceEnv,
      ...sameDeployment(app),
    });
    try {
      const streamer = await connectedStreamer(app, twitch);
      const seen = (await tokensOf(streamer))!;
      twitch.expireAccessTokens();
      twitch.clearRequests();
      const refreshed = await Promise.all(
        [app, second, app, second, app, second].map((service) =>
          service.service.container.twitch.refresher.refresh(streamer.user.id, seen),
        ),
      );
      const refreshGrants = twitch
        .requestsTo('/oauth2/token')
        .filter((request) => request.params.get('grant_type') === 'refresh_token');
      expect(refreshGrants).to.have.length(1);
      expect(new Set(refreshed.map((tokens) => tokens.accessToken)).size).to.equal(1);
      expect(twitch.isTokenActive(refreshed[0]!.accessToken)).to.equal(true);
    } finally {
      await second.stop();
    }
  });

  it('marks the connection revoked at once when Twitch sends user.authorization.revoke', async () => {
    const streamer = await connectedStreamer(app, twitch);
    await streamer.api.channelPoints.update({ body: { enabled: true } });
    await container().eventSub.subscriptions.reconcile();
    await twitch.eventSub.settle();
    expect(
      twitch.eventSub.subscriptions().some((s) => s.type === 'user.authorization.revoke' && s.status === 'enabled'),
    ).to.equal(true);

    await twitch.eventSub.revokeAuthorization({ user: streamer.twitchUserId });
    expect(
      await eventually(async () => (await streamer.api.twitchConnection.get()).status === 'revoked', 10_000),
    ).to.equal(true);
    expect((await streamer.api.twitchConnection.get()).statusReason).to.equal('authorization_revoked');
    expect(
      await eventually(async () => (await streamer.api.channelPoints.get()).stateReason === 'authorization_revoked'),
    ).to.equal(true);
  });

  it('disconnecting revokes the grant at Twitch, deletes the reward and its subscription, and forgets the tokens', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const on = await streamer.api.channelPoints.update({ body: { enabled: true } });
    await twitch.eventSub.settle();
    const tokens = (await tokensOf(streamer))!;

    await streamer.api.twitchConnection.disconnect();
    expect(twitch.isTokenActive(tokens.accessToken)).to.equal(false);
    expect(twitch.rewards(streamer.twitchUserId)).to.deep.equal([]);
    expect(twitch.eventSub.subscriptions().filter((s) => s.condition.reward_id === on.twitchRewardId)).to.deep.equal(
      [],
    );
    const connection = await streamer.api.twitchConnection.get();
    expect(connection).to.include({ connected: false, channelId: null });
    expect((await streamer.api.channelPoints.get()).state).to.equal('disconnected');
    const rows = await app.service.infra.mongo.connection
      .collection('platform_connections')
      .countDocuments({ user_id: streamer.user.id });
    expect(rows).to.equal(0);
  });

  it('shows the channel name and id and the granted permissions in the connection', async () => {
    const streamer = await connectedStreamer(app, twitch);
    const connection = await streamer.api.twitchConnection.get();
    expect(connection).to.include({
      connected: true,
      status: 'active',
      channelId: streamer.twitchUserId,
      channelLogin: streamer.login,
      simulated: false,
    });
    expect(connection.grantedScopes).to.have.members([
      'user:read:email',
      'channel:read:redemptions',
      'channel:manage:redemptions',
    ]);
  });
});
