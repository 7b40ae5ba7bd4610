import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { signInWithTwitch } from '../auth/support/twitch-sign-in';
import { collectChunks, only, sequenceOf, textOf } from './support';

describe("Prompt Coach grounding in the streamer's Twitch channel", () => {
  let twitch: FakeTwitch;
  let app: TestService;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv, COACH_OFFLINE_TOKEN_DELAY_MS: '0' });
  });

  after(async () => {
    await app.stop();
    await twitch.stop();
  });

  it("streams the channel and its category's top streams, and themes the prompt for the category", async () => {
    twitch.addGame({ id: '21779', name: 'League of Legends' });
    const rival = twitch.addUser({ login: 'bigshot', display_name: 'BigShot' });
    const streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox', email: 'neon@example.test' });
    twitch.setChannel(streamer.id, {
      title: 'Ranked grind to Diamond',
      game_id: '21779',
      game_name: 'League of Legends',
    });
    twitch.setStreams([
      { user_id: streamer.id, game_id: '21779', title: 'Ranked grind to Diamond', viewer_count: 120 },
      { user_id: rival.id, game_id: '21779', title: 'Challenger solo queue', viewer_count: 45_000 },
    ]);
    const { api, accessToken } = await app.createUser({ tier: 'studio' });
    twitch.authorizeAs(streamer.id);
    const linked = await signInWithTwitch(app, { accessToken });
    expect(linked.outcome.get('action'), linked.outcome.toString()).to.equal('linked');

    const chunks = await collectChunks(
      await api.coach.start({
        body: { assetType: 'youtube_thumbnail', description: 'my road to diamond', brandContext: null },
      }),
    );
    expect(sequenceOf(chunks).slice(0, 3)).to.deep.equal(['grounding', 'grounding', 'grounding_complete']);
    const [channel, top] = chunks.filter((chunk) => chunk.type === 'grounding');
    expect(channel?.metadata).to.deep.equal({
      source: 'twitch_channel',
      broadcasterName: 'NeonFox',
      title: 'Ranked grind to Diamond',
      categoryName: 'League of Legends',
      isLive: true,
      tags: [],
    });
    expect(channel?.content).to.equal('Your channel: "Ranked grind to Diamond" in League of Legends (live now)');
    expect(top?.metadata).to.deep.include({ source: 'twitch_top_streams', categoryName: 'League of Legends' });
    expect(top?.content).to.match(
      /^Top League of Legends streams right now: BigShot \(45,000 viewers\), NeonFox \(120 viewers\)/,
    );
    expect(only(chunks, 'grounding_complete').metadata).to.include({ twitchConnected: true });

    expect(textOf(chunks)).to.include('You stream League of Legends').and.include('BigShot');
    const session = await api.coach.getSession({ params: { id: only(chunks, 'done').metadata.sessionId } });
    expect(session.currentPrompt).to.include('Themed for a League of Legends channel.');
    expect(twitch.unexpectedRequests).to.deep.equal([]);
  });
});
