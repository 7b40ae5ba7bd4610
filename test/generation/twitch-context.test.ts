import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { signInWithTwitch } from '../auth/support/twitch-sign-in';
import { waitForJobEnd } from './support';

describe('generation: the Twitch channel context of a connected streamer', function () {
  this.timeout(60_000);
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

  it('records the channel in platform_context and uses it in the prompt', async () => {
    const streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox', email: 'neon@example.test' });
    twitch.addGame({ id: '21779', name: 'League of Legends' });
    twitch.setChannel(streamer.id, {
      title: 'Ranked grind to Diamond',
      game_id: '21779',
      game_name: 'League of Legends',
    });
    const signIn = await signInWithTwitch(app);
    expect(signIn.session, signIn.outcome.toString()).to.not.equal(null);
    const api = app.clientFor(signIn.session!.access_token);

    const queued = await api.twitch.generate({ body: { assetType: 'thumbnail', customPrompt: 'road to diamond' } });
    expect(queued.platformContext).to.include({
      platform: 'twitch',
      broadcasterId: streamer.id,
      broadcasterLogin: 'neonfox',
      broadcasterName: 'NeonFox',
      title: 'Ranked grind to Diamond',
      categoryId: '21779',
      categoryName: 'League of Legends',
    });
    const job = await waitForJobEnd(api, queued.id);
    expect(job.status).to.equal('completed');
    expect(job.platformContext).to.deep.equal(queued.platformContext);
    const { assets } = await api.generation.getJobAssets({ params: { id: job.id } });
    expect(assets[0]!.promptUsed).to.include('NeonFox').and.include('League of Legends');
    expect(twitch.unexpectedRequests).to.deep.equal([]);
  });

  it('goes on without context when the streamer has not connected Twitch', async () => {
    const { api } = await app.createUser();
    const queued = await api.twitch.generate({ body: { assetType: 'panel', customPrompt: 'about' } });
    expect(queued.platformContext).to.equal(null);
    expect((await waitForJobEnd(api, queued.id)).status).to.equal('completed');
  });
});
