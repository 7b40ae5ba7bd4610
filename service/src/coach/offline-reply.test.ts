import { expect } from 'chai';
import { planTurn, type TurnContext } from './coach-plan';
import { wordTokens, writeOfflineReply } from './offline-reply';

const at = '2025-01-01T00:00:00Z';

function reply(overrides: Partial<TurnContext> = {}, version = 1): string {
  const context: TurnContext = {
    assetType: 'twitch_emote',
    brand: null,
    grounding: [],
    messages: [{ role: 'user', content: 'a grumpy frog', created_at: at }],
    turnsRemaining: 5,
    ...overrides,
  };
  return writeOfflineReply(context, planTurn(context), version);
}

describe('the offline coach reply', () => {
  it('is deterministic', () => {
    expect(reply()).to.equal(reply());
  });

  it('shows a draft and numbered questions while something is missing', () => {
    const text = reply({ messages: [{ role: 'user', content: 'a frog', created_at: at }] });
    expect(text)
      .to.match(/28 px/)
      .and.match(/first draft:\n"Twitch emote\./);
    expect(text).to.match(/Two quick questions before it is ready:\n1\. What emotion[^\n]+\n2\. Any word on it\?/);
  });

  it('gives the generation-ready prompt, a tip and the way forward once ready', () => {
    const text = reply({ messages: [{ role: 'user', content: 'a hype frog, no text', created_at: at }] });
    expect(text).to.match(/generation-ready prompt:\n"Twitch emote\. Subject: a hype frog/);
    expect(text)
      .to.match(/Tip: /)
      .and.match(/send it to generation/);
  });

  it('says what changed and warns about formats the generator only approximates', () => {
    const text = reply(
      {
        assetType: 'instagram_story',
        messages: [
          { role: 'user', content: 'live now graphic, text: "LIVE NOW"', created_at: at },
          { role: 'assistant', content: '…', created_at: at, asked: [] },
          { role: 'user', content: 'switch to retro', created_at: at },
        ],
      },
      2,
    );
    expect(text)
      .to.match(/^Switched the style to retro\./)
      .and.match(/Heads-up: The generator has no 9:16 format/);
  });

  it('splits into word tokens that join back into the reply', () => {
    const text = reply();
    const tokens = wordTokens(text);
    expect(tokens.join('')).to.equal(text);
    expect(tokens.every((token) => /^\S+\s*$/.test(token))).to.equal(true);
  });
});
