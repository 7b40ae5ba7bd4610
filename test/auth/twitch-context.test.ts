import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { UserId } from '../../service/src/users/user.repository';
import { TokenCipher } from '../../service/src/twitch/token-cipher';
import { startFakeTwitch, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';
import { uniqueEmail } from './support/accounts';
import { signInWithTwitch } from './support/twitch-sign-in';

describe('Twitch context for generation and the coach', () => {
  let twitch: FakeTwitch;
  let app: TestService;
  let streamer: FakeTwitchUser;
  let userId: UserId;
  let cipher: TokenCipher;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv });
    cipher = new TokenCipher(app.service.config.encryptionKey);
    twitch.addGame({ id: '509658', name: 'Just Chatting' });
    twitch.addGame({ id: '21779', name: 'League of Legends' });
    streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox', email: uniqueEmail() });
    twitch.setChannel(streamer.id, {
      title: 'Ranked grind to Diamond',
      game_id: '21779',
      game_name: 'League of Legends',
      tags: ['English', 'Competitive'],
    });
    const { session } = await signInWithTwitch(app);
    userId = session!.user.id as UserId;
  });
  after(async () => {
    await app.stop();
    await twitch.stop();
  });
  beforeEach(async () => {
    await app.service.container.twitchContext.forget(userId);
    twitch.clearRequests();
  });
  afterEach(() => {
    expect(twitch.unexpectedRequests).to.deep.equal([]);
  });

  const context = () => app.service.container.twitchContext;

  describe('getChannelContext', () => {
    it("describes the channel from Helix, with the streamer's token", async () => {
      twitch.setStreams([]);
      expect(await context().getChannelContext(userId)).to.deep.equal({
        broadcaster_id: streamer.id,
        broadcaster_login: 'neonfox',
        broadcaster_name: 'NeonFox',
        title: 'Ranked grind to Diamond',
        category_id: '21779',
        category_name: 'League of Legends',
        tags: ['English', 'Competitive'],
        is_live: false,
      });
      const [channels] = twitch.requestsTo('/helix/channels');
      expect(channels?.path).to.equal('/mock/channels');
      expect(channels?.query.get('broadcaster_id')).to.equal(streamer.id);
      expect(channels?.headers['client-id']).to.equal(twitch.clientId);
      expect(channels?.headers.authorization).to.match(/^Bearer \S+$/);
    });

    it("says when the streamer is live, with the stream's title and category", async () => {
      twitch.setStreams([
        { user_id: streamer.id, game_id: '509658', title: 'Chill chat before ranked', viewer_count: 42 },
      ]);
      const live = await context().getChannelContext(userId);
      expect(live).to.include({ is_live: true, title: 'Chill chat before ranked', category_name: 'Just Chatting' });
    });

    it('caches the context briefly', async () => {
      await context().getChannelContext(userId);
      const calls = twitch.requests.length;
      await context().getChannelContext(userId);
      expect(twitch.requests.length).to.equal(calls);
    });

    it('refreshes an expired Twitch token and stores the new one, encrypted', async () => {
      const storedAccessToken = async () => {
        const row = await app.service.infra.mongo.connection
          .collection('platform_connections')
          .findOne({ user_id: userId });
        return cipher.decrypt(row?.access_token as string, `platform_connections:${userId}:twitch:access_token`);
      };
      const expiredToken = await storedAccessToken();
      twitch.expireAccessTokens();

      expect(await context().getChannelContext(userId)).to.include({ broadcaster_id: streamer.id });
      const refreshes = twitch
        .requestsTo('/oauth2/token')
        .filter((request) => request.params.get('grant_type') === 'refresh_token');
      expect(refreshes.map((request) => request.status)).to.deep.equal([200]);

      // stored as soon as twurple got it (the refresh handler does not hold up the answer)
      const deadline = Date.now() + 5000;
      let refreshedToken = await storedAccessToken();
      while (refreshedToken === expiredToken && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        refreshedToken = await storedAccessToken();
      }
      expect(refreshedToken).to.not.equal(expiredToken);
      expect(twitch.isTokenActive(refreshedToken)).to.equal(true);

      // the next context (cache dropped) uses the stored token without refreshing again
      await context().forget(userId);
      twitch.clearRequests();
      expect(await context().getChannelContext(userId)).to.include({ broadcaster_id: streamer.id });
      expect(twitch.requestsTo('/oauth2/token')).to.deep.equal([]);
    });

    it('answers null for a user without a Twitch connection', async () => {
      const { user } = await app.createUser();
      expect(await context().getChannelContext(user.id)).to.equal(null);
      expect(twitch.requests).to.deep.equal([]);
    });

    it('answers null once the streamer withdrew the grant at Twitch', async () => {
      const other = twitch.addUser({ login: 'leaver', email: uniqueEmail() });
      const { session } = await signInWithTwitch(app);
      twitch.revokeUserGrants(other.id);
      expect(await context().getChannelContext(session!.user.id as UserId)).to.equal(null);
    });
  });

  describe('getTopStreams', () => {
    beforeEach(async () => {
      const others = ['alpha', 'bravo', 'charlie'].map((login) => twitch.addUser({ login, email: uniqueEmail() }));
      twitch.setStreams([
        { user_id: others[0]!.id, game_id: '21779', title: 'Alpha plays', viewer_count: 50, tags: ['English'] },
        { user_id: others[1]!.id, game_id: '21779', title: 'Bravo climbs', viewer_count: 900 },
        { user_id: others[2]!.id, game_id: '509658', title: 'Charlie chats', viewer_count: 5000 },
      ]);
      // the streamer is the one signing in again
      twitch.authorizeAs(streamer.id);
      const redis = app.service.infra.redis;
      await redis.del('twitch:top-streams:21779');
    });

    it("lists a category's live streams, most watched first", async () => {
      expect(await context().getTopStreams(userId, '21779', 5)).to.deep.equal([
        { user_name: 'bravo', title: 'Bravo climbs', viewer_count: 900, tags: [] },
        { user_name: 'alpha', title: 'Alpha plays', viewer_count: 50, tags: ['English'] },
      ]);
      const [streams] = twitch.requestsTo('/helix/streams');
      expect(streams?.query.get('game_id')).to.equal('21779');
      expect(streams?.query.get('first')).to.equal('5');
    });

    it('respects the limit', async () => {
      expect(await context().getTopStreams(userId, '21779', 1)).to.have.length(1);
    });

    it("uses the app's own token for users without a Twitch connection", async () => {
      const { user } = await app.createUser();
      const streams = await context().getTopStreams(user.id, '21779', 2);
      expect(streams.map((stream) => stream.user_name)).to.deep.equal(['bravo', 'alpha']);
      const grant = twitch.requestsTo('/oauth2/token')[0];
      expect(grant?.params.get('grant_type')).to.equal('client_credentials');
    });
  });
});
