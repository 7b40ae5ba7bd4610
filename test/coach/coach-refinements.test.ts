import { expect } from 'chai';
import type { CoachAssetType } from '@aurastream/contract';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { collectChunks, only } from './support';

/** One conversation with the offline coach and what the prompt it hands to generation must say. */
interface RefinementCase {
  name: string;
  assetType?: CoachAssetType;
  idea: string;
  replies: string[];
  /** Phrases the generation prompt contains. */
  says?: string[];
  /** Phrases it must not contain anywhere. */
  never?: string[];
  /** Things named only in the prompt's "Avoid:" sentence, never before it. */
  avoids?: string[];
  text?: string | null;
  colors?: string[];
  style?: string | null;
}

const CHIBI_PALETTE = ['#FF8FAB', '#FFD166', '#4D96FF'];

const cases: RefinementCase[] = [
  {
    name: 'adding text replaces "No text" (the issue)',
    idea: 'a hype cat with sunglasses',
    replies: ['make it purple and add the text GG'],
    says: ['Text: "GG"', 'Palette: #9146FF.', 'a hype cat with sunglasses'],
    never: ['No text', 'The text GG'],
    text: 'GG',
    colors: ['#9146FF'],
  },
  {
    name: '"no text" after text takes it off again',
    idea: 'a hype cat with sunglasses',
    replies: ['make it purple and add the text GG', 'no text'],
    says: ['No text.'],
    never: ['GG', 'Text: "'],
    text: null,
  },
  {
    name: 'text after "no text" in the opening idea',
    idea: 'a hype frog, no text',
    replies: ['add the text "W"'],
    says: ['Text: "W"', 'Subject: a hype frog,'],
    never: ['No text', 'no text'],
    text: 'W',
  },
  {
    name: 'removing the text by what it says',
    idea: 'a hype cat',
    replies: ['with the text GG', 'remove the GG'],
    says: ['No text.'],
    never: ['GG'],
    text: null,
  },
  {
    name: 'changing the text replaces it',
    idea: 'a laughing frog saying "LOL"',
    replies: ['change the text to "EZ"'],
    says: ['Text: "EZ"'],
    never: ['LOL'],
    text: 'EZ',
  },
  {
    name: 'a direction about the text is not the text',
    idea: 'a hype cat, text: "GG"',
    replies: ['make the text bigger'],
    says: ['Text: "GG"', 'The text bigger.'],
    never: ['Text: "bigger'],
    text: 'GG',
  },
  {
    name: 'removing a detail of the opening idea takes it out of the subject',
    idea: 'a hype cat with sunglasses',
    replies: ['remove the sunglasses'],
    says: ['Subject: a hype cat,', 'Avoid: sunglasses'],
    avoids: ['sunglasses'],
    never: ['Text: "'],
    text: null,
  },
  {
    name: 'a removed detail comes back',
    idea: 'a hype cat with sunglasses',
    replies: ['remove the sunglasses', 'actually add the sunglasses back'],
    says: ['with sunglasses'],
    never: ['Avoid: sunglasses'],
  },
  {
    name: 'removing a detail added earlier',
    idea: 'a laughing frog',
    replies: ['give it a tiny crown', 'no crown'],
    avoids: ['crown'],
    never: ['tiny crown'],
  },
  {
    name: 'one detail instead of another',
    idea: 'a hype cat',
    replies: ['give it a crown', 'a wizard hat instead of the crown'],
    says: ['Subject: a hype cat with a wizard hat,'],
    avoids: ['crown'],
  },
  {
    name: 'a new palette replaces the old one',
    idea: 'a hype cat',
    replies: ['use teal and black', 'make it red and white'],
    says: ['Palette: #E53935, #FFFFFF, with #E53935 dominant.'],
    never: ['#00897B', '#111111'],
    colors: ['#E53935', '#FFFFFF'],
  },
  {
    name: 'accents extend the palette',
    idea: 'a hype cat',
    replies: ['use teal', 'add some gold accents'],
    colors: ['#00897B', '#FFC629'],
  },
  {
    name: "a thing's colour is not the palette",
    idea: 'a hype cat',
    replies: ['give it a red hat'],
    says: ['with a red hat'],
    colors: CHIBI_PALETTE,
  },
  {
    name: '"make it purple" recolours a subject described in another colour',
    idea: 'my orange cat, hype',
    replies: ['make it purple'],
    never: ['orange'],
    colors: ['#9146FF'],
  },
  {
    name: 'a new style replaces the old one, also in the subject',
    idea: 'a pixel art frog, hype',
    replies: ['make it anime instead'],
    says: ['Style: anime'],
    never: ['pixel', 'Pixel'],
    style: 'anime',
  },
  {
    name: 'a preset replaces a style in words',
    idea: 'a hype fox',
    replies: ['make it watercolour', 'actually make it neon'],
    says: ['Style: neon glow'],
    never: ['watercolour'],
    style: 'neon',
  },
  {
    name: 'a new mood replaces the old one, also in the subject',
    idea: 'a hype cat with sunglasses',
    replies: ['make it sad'],
    says: ['Subject: a cat with sunglasses, crying big cartoon tears.'],
    never: ['hype', 'hyped'],
  },
  {
    name: "the streamer's background replaces the format's",
    idea: 'a hype cat',
    replies: ['give it a red background'],
    says: ['A red background.'],
    never: ['Transparent background'],
    colors: CHIBI_PALETTE,
  },
  {
    name: 'removing the background again',
    idea: 'a hype cat on a galaxy background',
    replies: ['remove the background'],
    says: ['Subject: a hype cat,', 'Transparent background.'],
    never: ['galaxy'],
  },
  {
    name: 'a thumbnail with "no background" gets a plain one, not a transparent one',
    assetType: 'youtube_thumbnail',
    idea: 'my ranked comeback, shocked, text: "NO WAY"',
    replies: ['put it on a neon city background', 'no background'],
    says: ['Plain, empty background.'],
    never: ['neon city', 'Transparent'],
  },
  {
    name: 'an opposite direction replaces the earlier one',
    idea: 'a hype cat',
    replies: ['make the eyes bigger', 'make the eyes smaller'],
    says: ['The eyes smaller.'],
    never: ['bigger'],
  },
  {
    name: '"no sparkles" drops the sparkles asked for earlier',
    idea: 'a hype cat',
    replies: ['add more sparkles', 'no sparkles'],
    avoids: ['sparkles'],
  },
  {
    name: 'a badge with text no longer avoids text',
    assetType: 'twitch_badge',
    idea: 'a minimal gem',
    replies: ['add the text "VIP"'],
    says: ['Text: "VIP"'],
    never: ['Avoid: text', ', text,', 'No text'],
  },
  {
    name: 'an offline screen whose streamer wants no text',
    assetType: 'twitch_offline',
    idea: 'a cozy night city, text: "BACK TOMORROW"',
    replies: ['no text'],
    says: ['No text.'],
    never: ['BACK TOMORROW', 'OFFLINE'],
    text: null,
  },
  {
    name: 'five turns, each overwriting what it contradicts',
    idea: 'a hype cat with sunglasses',
    replies: [
      'make it neon and add the text "GG"',
      'give it a crown',
      'no text, and remove the sunglasses',
      'a top hat instead of the crown',
      'make it purple',
    ],
    says: ['Subject: a hype cat with a top hat,', 'Style: neon glow', 'No text.', 'Palette: #9146FF.'],
    avoids: ['sunglasses', 'crown'],
    never: ['GG'],
    text: null,
    style: 'neon',
    colors: ['#9146FF'],
  },
];

/** The prompt before its "Avoid:" sentence: what the generator is asked to draw. */
function drawn(prompt: string): string {
  const at = prompt.indexOf('Avoid:');
  return at >= 0 ? prompt.slice(0, at) : prompt;
}

describe('Prompt Coach refinements overwrite what they contradict', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({ COACH_OFFLINE_TOKEN_DELAY_MS: '0', COACH_MAX_TURNS: '8' });
  });

  after(async () => {
    await app.stop();
  });

  for (const row of cases) {
    it(row.name, async () => {
      const { api } = await app.createUser({ tier: 'studio' });
      const assetType = row.assetType ?? 'twitch_emote';
      const opening = await collectChunks(await api.coach.start({ body: { assetType, description: row.idea } }));
      const sessionId = only(opening, 'done').metadata.sessionId;
      let last = opening;
      for (const message of row.replies) {
        last = await collectChunks(await api.coach.sendMessage({ params: { id: sessionId }, body: { message } }));
      }
      const intent = only(last, 'intent_ready').metadata;
      const prompt = intent.generationRequest.body.customPrompt;
      const context = `${[row.idea, ...row.replies].join(' → ')}\n  ${prompt}`;

      expect(prompt, context).to.equal(intent.refinedPrompt);
      for (const phrase of row.says ?? []) {
        expect(prompt, context).to.include(phrase);
      }
      for (const phrase of row.never ?? []) {
        expect(prompt, context).not.to.include(phrase);
      }
      for (const thing of row.avoids ?? []) {
        expect(drawn(prompt), context).not.to.include(thing);
        expect(prompt.slice(drawn(prompt).length), context).to.include(thing);
      }
      if (row.text !== undefined) {
        expect(intent.text, context).to.equal(row.text);
      }
      if (row.colors) {
        expect(intent.colors, context).to.deep.equal(row.colors);
      }
      if (row.style !== undefined) {
        expect(intent.stylePreset, context).to.equal(row.style);
      }
      // every slot is said once: text on or off, one style, one palette, one background
      expect(/No text\./.test(prompt) && /Text: "/.test(prompt), context).to.equal(false);
      expect(prompt.match(/Style: /g), context).to.have.length(1);
      expect(prompt.match(/Palette: /g), context).to.have.length(1);
      expect(prompt.match(/background\b/gi)?.length ?? 0, context).to.be.at.most(2);
    });
  }
});
