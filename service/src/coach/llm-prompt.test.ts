import { expect } from 'chai';
import { planTurn, type TurnContext } from './coach-plan';
import { buildChatMessages, buildSystemPrompt, parseLlmIntent } from './llm-prompt';
import type { PromptProposal } from './prompt-composer';

const fallback: PromptProposal = {
  refined_prompt: 'rules prompt',
  style_preset: 'chibi',
  colors: ['#111111'],
  text: null,
  mood: 'hype',
};

const at = '2025-01-01T00:00:00Z';
const context: TurnContext = {
  assetType: 'twitch_banner',
  brand: { name: 'NovaPlays', primary_colors: ['#9146FF'], accent_colors: [], tone: 'competitive' },
  grounding: [
    {
      source: 'twitch_channel',
      broadcaster_name: 'Nova',
      title: 'ranked grind',
      category_name: 'Valorant',
      is_live: false,
      tags: [],
    },
  ],
  messages: [
    { role: 'user', content: 'a neon skyline banner', created_at: at },
    { role: 'assistant', content: 'What should it say?', created_at: at, asked: ['text'] },
    { role: 'user', content: 'NOVA', created_at: at },
  ],
  turnsRemaining: 0,
};

describe('LLM prompts', () => {
  it('tells the model the format, the brand, the grounding and the answer contract', () => {
    const system = buildSystemPrompt(context, planTurn(context));
    expect(system)
      .to.include('Twitch profile banner, 1200x480')
      .and.include('Primary colours: #9146FF')
      .and.include('category Valorant')
      .and.include('```json')
      .and.include('last message of the session');
  });

  it('sends the conversation after the system prompt', () => {
    const messages = buildChatMessages(context, planTurn(context));
    expect(messages.map((message) => message.role)).to.deep.equal(['system', 'user', 'assistant', 'user']);
    expect(messages[3]).to.deep.equal({ role: 'user', content: 'NOVA' });
  });

  it('accepts a valid intent block, normalising colours and dropping bad ones', () => {
    const parsed = parseLlmIntent(
      JSON.stringify({
        ready: true,
        refined_prompt: 'A neon skyline banner',
        style_preset: 'neon',
        colors: ['#ff00aa', 'pink'],
        text: ' NOVA ',
        mood: null,
      }),
      fallback,
    );
    expect(parsed).to.deep.equal({
      ready: true,
      proposal: {
        refined_prompt: 'A neon skyline banner',
        style_preset: 'neon',
        colors: ['#FF00AA'],
        text: 'NOVA',
        mood: null,
      },
    });
  });

  it('falls back field by field where the model slipped', () => {
    const parsed = parseLlmIntent(
      JSON.stringify({ ready: false, refined_prompt: 'A neon skyline banner', style_preset: 'vaporwave' }),
      fallback,
    );
    expect(parsed?.proposal).to.deep.equal({ ...fallback, refined_prompt: 'A neon skyline banner' });
  });

  it('refuses a missing, malformed or incomplete block', () => {
    expect(parseLlmIntent(null, fallback)).to.equal(null);
    expect(parseLlmIntent('{not json', fallback)).to.equal(null);
    expect(
      parseLlmIntent(JSON.stringify({ ready: 'yes', refined_prompt: 'A neon skyline banner' }), fallback),
    ).to.equal(null);
    expect(parseLlmIntent(JSON.stringify({ ready: true, refined_prompt: 'short' }), fallback)).to.equal(null);
  });
});
