import { expect } from 'chai';
import { planTurn, type TurnContext } from './coach-plan';
import type { StoredMessage } from './session-record';
import type { CoachSlot } from './asset-profiles';

const user = (content: string): StoredMessage => ({ role: 'user', content, created_at: '2025-01-01T00:00:00Z' });
const coach = (asked: CoachSlot[]): StoredMessage => ({
  role: 'assistant',
  content: '…',
  created_at: '2025-01-01T00:00:00Z',
  asked,
});

function context(overrides: Partial<TurnContext>): TurnContext {
  return {
    assetType: 'twitch_emote',
    brand: null,
    grounding: [],
    messages: [user('a frog')],
    turnsRemaining: 5,
    ...overrides,
  };
}

describe('turn planning', () => {
  it('asks for what the format needs, two questions at most', () => {
    const plan = planTurn(context({ assetType: 'youtube_thumbnail', messages: [user('my ranked comeback')] }));
    expect(plan.ready).to.equal(false);
    expect(plan.questions).to.deep.equal(['text', 'mood']);
  });

  it('is ready at once when the opening idea says everything', () => {
    const plan = planTurn(context({ messages: [user('a hype frog, no text')] }));
    expect(plan.ready).to.equal(true);
    expect(plan.questions).to.deep.equal([]);
  });

  it('asks each question once, then fills the gaps with the format defaults', () => {
    const plan = planTurn(context({ messages: [user('a frog'), coach(['mood', 'text']), user('make it bigger')] }));
    expect(plan.ready).to.equal(true);
    expect(plan.proposal.text).to.equal(null);
  });

  it('is ready when the streamer confirms or on the last turn', () => {
    expect(planTurn(context({ messages: [user('a frog'), coach([]), user('looks good')] })).ready).to.equal(true);
    expect(planTurn(context({ turnsRemaining: 0 })).ready).to.equal(true);
  });

  it('lets the brand tone settle the style', () => {
    const brand = { primary_colors: ['#112233'], accent_colors: [], tone: 'comedic' };
    const plan = planTurn(context({ assetType: 'twitch_banner', brand, messages: [user('my channel banner')] }));
    expect(plan.questions).to.deep.equal(['text']);
    expect(plan.proposal.style_preset).to.equal('meme');
    expect(plan.proposal.colors).to.deep.equal(['#112233']);
  });

  it('warns when the text is too long for the format', () => {
    const plan = planTurn(context({ messages: [user('a frog, happy, text: "LETS GO BOYS"')] }));
    expect(plan.warnings[0])
      .to.match(/3 words/)
      .and.match(/one word/);
    const badge = planTurn(context({ assetType: 'twitch_badge', messages: [user('a minimal gem saying "VIP"')] }));
    expect(badge.warnings[0]).to.match(/too small for text/);
  });

  it('knows the proposal before the latest message, to say what changed', () => {
    const plan = planTurn(context({ messages: [user('a hype frog, no text'), coach([]), user('make it neon')] }));
    expect(plan.previous?.style_preset).to.equal('chibi');
    expect(plan.proposal.style_preset).to.equal('neon');
  });
});
