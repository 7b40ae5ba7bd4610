import { expect } from 'chai';
import { analyzeConversation } from './conversation-analysis';
import { buildIntent } from './coach-intent';
import { COACH_ASSET_PROFILES } from './asset-profiles';
import { clampPrompt, composePrompt } from './prompt-composer';
import { coachAssetTypeSchema, coachIntentSchema } from '@aurastream/contract';

describe('coach intents', () => {
  it('maps every coach asset type onto the generator, with a valid intent', () => {
    const targets = new Map<string, string>();
    for (const assetType of coachAssetTypeSchema.options) {
      const profile = COACH_ASSET_PROFILES[assetType];
      const state = analyzeConversation([{ content: 'a golden trophy, text: "GG"', answering: [] }]);
      const proposal = composePrompt(profile, state, null, []);
      const intent = buildIntent({ assetType, proposal, brand: null, version: 1, source: 'offline' });
      expect(coachIntentSchema.safeParse(intent).success, assetType).to.equal(true);
      expect(intent.generation_request.body.custom_prompt).to.equal(intent.refined_prompt);
      targets.set(assetType, `${intent.generation_request.path} ${intent.generation_request.body.asset_type}`);
      if (intent.generation_request.format_match === 'closest') {
        expect(intent.generation_request.note, assetType).to.be.a('string');
      }
    }
    expect(Object.fromEntries(targets)).to.deep.equal({
      twitch_emote: '/api/v1/generate twitch_emote',
      youtube_thumbnail: '/api/v1/generate youtube_thumbnail',
      twitch_banner: '/api/v1/generate twitch_banner',
      twitch_badge: '/api/v1/generate twitch_badge',
      overlay: '/api/v1/generate overlay',
      story_graphic: '/api/v1/generate youtube_thumbnail',
      tiktok_story: '/api/v1/generate youtube_thumbnail',
      instagram_story: '/api/v1/generate youtube_thumbnail',
      instagram_reel: '/api/v1/generate youtube_thumbnail',
      twitch_panel: '/api/v1/twitch/generate panel',
      twitch_offline: '/api/v1/twitch/generate offline_screen',
    });
  });

  it('carries the brand kit id and colours', () => {
    const brand = {
      brand_kit_id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      primary_colors: ['#9146FF'],
      accent_colors: ['#FFD700'],
    };
    const state = analyzeConversation([{ content: 'a hype frog', answering: [] }]);
    const proposal = composePrompt(COACH_ASSET_PROFILES.twitch_emote, state, brand, []);
    const intent = buildIntent({ assetType: 'twitch_emote', proposal, brand, version: 3, source: 'llm' });
    expect(intent.colors).to.deep.equal(['#9146FF', '#FFD700']);
    expect(intent.brand_kit_id).to.equal(brand.brand_kit_id);
    expect(intent.generation_request.body.brand_kit_id).to.equal(brand.brand_kit_id);
    expect(intent.refined_prompt).to.include('#9146FF, #FFD700, with #9146FF dominant');
  });

  it('writes the format, the channel category and a custom style into the prompt', () => {
    const state = analyzeConversation([{ content: 'my ranked climb', answering: [] }]);
    state.customStyle = 'watercolour';
    const grounding = [
      {
        source: 'twitch_channel' as const,
        broadcaster_name: 'Nova',
        title: 'ranked',
        category_name: 'Valorant',
        is_live: true,
        tags: [],
      },
    ];
    const proposal = composePrompt(COACH_ASSET_PROFILES.youtube_thumbnail, state, null, grounding);
    expect(proposal.style_preset).to.equal(null);
    expect(proposal.refined_prompt)
      .to.include('YouTube thumbnail.')
      .and.include('Subject: my ranked climb.')
      .and.include('Style: watercolour style.')
      .and.include('Themed for a Valorant channel.')
      .and.include('bottom-right corner');
  });

  it("keeps prompts within the generator's 1000 characters, dropping the least important parts first", () => {
    const long = 'a very detailed scene '.repeat(22).trim();
    const state = analyzeConversation([
      { content: long, answering: [] },
      ...[
        'give the frog a shiny golden crown with rubies',
        'add sparkles all around the frame please',
        'make the eyes much bigger and rounder',
        'put a tiny sword in its hand',
      ].map((content) => ({ content: `${content} ${'and more detail '.repeat(8)}`, answering: [] })),
    ]);
    const proposal = composePrompt(COACH_ASSET_PROFILES.youtube_thumbnail, state, null, []);
    expect(proposal.refined_prompt.length).to.be.at.most(1000);
    expect(proposal.refined_prompt).to.include('YouTube thumbnail.').and.include('Style: ').and.include('Palette: ');
    expect(proposal.refined_prompt).not.to.include('Avoid:');
    expect(clampPrompt('word '.repeat(300)).length).to.be.at.most(1000);
  });
});
