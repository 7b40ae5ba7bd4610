import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { signInWithTwitch } from '../auth/support/twitch-sign-in';
import { startFakeOpenAiChat, type FakeOpenAiChat } from '../fakes/openai-chat';
import { pollUntil } from '../generation/support';
import { configure, submit, viewer } from './support';

describe('ideas: the Prompt Coach’s suggested prompt', function () {
  this.timeout(60_000);
  let twitch: FakeTwitch;
  let llm: FakeOpenAiChat;
  let app: TestService;

  const streamerOn = async (tier: 'pro' | 'studio', login: string) => {
    const user = await app.createUser({ tier });
    const channelId = twitch.addUser({ login, display_name: login }).id;
    await signInWithTwitch(app, { accessToken: user.accessToken });
    await configure(user, { cooldownSeconds: 0, onePendingPerViewer: false });
    return { ...user, channelId };
  };

  before(async () => {
    twitch = await startFakeTwitch();
    llm = await startFakeOpenAiChat({ apiKey: 'sk-ideas-coach' });
    app = await startTestService({
      ...twitch.serviceEnv,
      COACH_LLM_BASE_URL: llm.url,
      COACH_LLM_API_KEY: 'sk-ideas-coach',
      COACH_LLM_MODEL: 'coach-model-1',
    });
  });

  after(async () => {
    await app?.stop();
    await llm?.close();
    await twitch?.stop();
  });

  beforeEach(() => llm.reset());

  it('shows the rule-based prompt at once, then the LLM coach’s for a streamer whose plan has the coach', async () => {
    const streamer = await streamerOn('studio', 'studiocoach');
    const idea = await submit(app, streamer.channelId, viewer(), { text: 'my orange cat raging' });
    const first = await streamer.api.ideas.get({ params: { id: idea.id } });
    expect(first.suggestedPrompt).to.be.a('string').and.not.equal('');
    const improved = await pollUntil(
      () => streamer.api.ideas.get({ params: { id: idea.id } }),
      (stored) => stored.suggestedPromptSource === 'llm',
      { what: 'the LLM suggestion' },
    );
    expect(improved.suggestedPrompt).to.equal(
      'Twitch emote of a furious orange cat, close-up, thick outlines, pixel art, transparent background',
    );
    const asked = await llm.waitFor((request) => JSON.stringify(request.body ?? '').includes('my orange cat raging'));
    expect(asked).to.not.equal(undefined);
    // and approving without an edit uses it
    const approved = await streamer.api.ideas.approve({ params: { id: idea.id }, body: {} });
    expect(approved.prompt).to.equal(improved.suggestedPrompt);
  });

  it('keeps the rule-based prompt for a plan without the coach, without asking the LLM', async () => {
    const streamer = await streamerOn('pro', 'procoach');
    const idea = await submit(app, streamer.channelId, viewer(), { text: 'a dancing pickle' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await streamer.api.ideas.get({ params: { id: idea.id } });
    expect(stored.suggestedPromptSource).to.equal('offline');
    expect(stored.suggestedPrompt).to.match(/pickle/i);
    expect(llm.requests.filter((request) => JSON.stringify(request.body ?? '').includes('dancing pickle'))).to.be.empty;
  });

  it('keeps the rule-based prompt when the LLM fails', async () => {
    llm.setMode('http_500');
    const streamer = await streamerOn('studio', 'failingcoach');
    const idea = await submit(app, streamer.channelId, viewer(), { text: 'a sad robot' });
    await llm.waitFor((request) => JSON.stringify(request.body ?? '').includes('a sad robot'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await streamer.api.ideas.get({ params: { id: idea.id } });
    expect(stored.suggestedPromptSource).to.equal('offline');
    expect(stored.suggestedPrompt).to.match(/robot/i);
  });

  it('approves an idea without an edit with the rule-based prompt the streamer was shown', async () => {
    const streamer = await streamerOn('pro', 'approvecoach');
    const idea = await submit(app, streamer.channelId, viewer(), { text: 'a grumpy owl' });
    const shown = await streamer.api.ideas.get({ params: { id: idea.id } });
    expect(shown.suggestedPrompt).to.match(/owl/i).and.not.equal('a grumpy owl');
    const [listed] = (await streamer.api.ideas.list({ query: { status: 'pending' } })).ideas;
    expect(listed?.suggestedPrompt).to.equal(shown.suggestedPrompt);
    const approved = await streamer.api.ideas.approve({ params: { id: idea.id }, body: {} });
    expect(approved.prompt).to.equal(shown.suggestedPrompt);
    expect(approved.suggestedPrompt).to.equal(shown.suggestedPrompt);
  });
});
