import { expect } from 'chai';
import { decideCaptions, initials, streamerText, type CaptionContext, type Captions } from './captions';

const base: CaptionContext = {
  type: 'offline_screen',
  prompt: '',
  text: null,
  channelName: null,
  brandName: null,
  category: null,
  streamTitle: null,
};

const twitch = { channelName: 'PixelPaladin', category: 'VALORANT', streamTitle: 'Road to Radiant: ranked all night' };

/** A prompt (and what else the request knows) and the words the renderer decides to draw. */
const table: [prompt: string, context: Partial<CaptionContext>, expected: Partial<Captions>][] = [
  [
    'cozy neon city at night, be right back',
    {},
    {
      headline: 'Be Right Back',
      subline: 'Taking a quick break, stay tuned',
      tagline: null,
      name: null,
      monogram: null,
    },
  ],
  [
    'cozy neon city at night, be right back',
    twitch,
    { headline: 'Be Right Back', tagline: 'VALORANT · Road to Radiant', name: 'PixelPaladin', monogram: 'PP' },
  ],
  ['a calm forest at dusk', {}, { headline: 'Currently Offline', subline: 'Hit follow to know when we go live' }],
  ['a calm forest at dusk', { brandName: 'Nova Plays' }, { name: 'Nova Plays', monogram: 'NP' }],
  [
    'rainy window, "back tomorrow at 6"',
    {},
    { headline: 'back tomorrow at 6', subline: 'Hit follow to know when we go live' },
  ],
  ['sunset synthwave road with the text Gone Fishing', {}, { headline: 'Gone Fishing' }],
  ['starting soon screen with coffee and lo-fi vibes', { type: 'starting_soon' }, { headline: 'Starting Soon' }],
  ['pixel forest, no text', { type: 'brb' }, { headline: '', subline: null, tagline: null }],
  ['thanks for watching, confetti everywhere', { type: 'ending' }, { headline: 'Thanks for Watching' }],
  ['a hype cat with sunglasses', { type: 'emote' }, { word: null, headline: '' }],
  ['hype train emote', { type: 'emote' }, { word: null }],
  ['a frog saying GG', { type: 'emote' }, { word: 'GG' }],
  ['a frog with the text "nope"', { type: 'emote' }, { word: 'NOPE' }],
  ["my cat's angry face, don't overdo it", { type: 'emote' }, { word: null }],
  ['GG frog, no text', { type: 'emote' }, { word: null }],
  ['a frog holding a sign that says touch grass now please', { type: 'emote' }, { word: null }],
  [
    'Twitch emote. Subject: a hype cat. No text. Transparent background. Avoid: small text, thin lines.',
    { type: 'emote' },
    { word: null },
  ],
  ['Twitch emote. Subject: a hype cat. Text: "GG" in bold lettering.', { type: 'emote' }, { word: 'GG' }],
  ['golden crown for my VIPs', { type: 'badge', text: '12' }, { word: '12' }],
  ['a neon panel with a controller icon', { type: 'panel' }, { headline: 'About Me' }],
  ['panel for my donation link', { type: 'panel' }, { headline: 'Donate' }],
  [
    'Twitch panel. Subject: a cozy mug. 320x100 panel header, the label in bold capitals.',
    { type: 'panel' },
    { headline: 'About Me' },
  ],
  ['epic dragon battle, huge explosions', { type: 'thumbnail' }, { headline: 'Watch This', tagline: null }],
  ['epic dragon battle, huge explosions', { type: 'thumbnail', ...twitch }, { headline: 'Road to Radiant' }],
  ['purple galaxy banner with planets', { type: 'banner' }, { headline: 'Welcome', monogram: null }],
  [
    'purple galaxy banner with planets',
    { type: 'banner', brandName: 'cozy_gamer_jen' },
    { headline: 'cozy_gamer_jen', monogram: 'CJ' },
  ],
  ['sub alert with fireworks', { type: 'alert' }, { headline: 'New Subscriber' }],
  ['subtle glowing frame', { type: 'overlay' }, { headline: 'Live' }],
  ['anything at all', { type: 'overlay', text: 'Nova HQ' }, { headline: 'Nova HQ' }],
];

/** The words a keyword mash would take from the prompt; none may appear unless quoted. */
function mashWords(prompt: string): string[] {
  return prompt
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(
      (word) =>
        word.length > 3 && !['text', 'with', 'back', 'right', 'soon', 'starting', 'thanks', 'watching'].includes(word),
    );
}

describe('the captions the renderer draws', () => {
  for (const [prompt, context, expected] of table) {
    const type = context.type ?? base.type;
    it(`${type}: "${prompt}"${context.channelName || context.brandName ? ' (named)' : ''}`, () => {
      const captions = decideCaptions({ ...base, ...context, prompt });
      const compared = Object.fromEntries(Object.keys(expected).map((key) => [key, captions[key as keyof Captions]]));
      expect(compared).to.deep.equal(expected);
      // whatever is drawn comes from the quote, the type's wording or the name, never the prompt's keywords
      const quote = (context.text ?? streamerText(prompt) ?? '').toLowerCase();
      const drawn = [captions.word, captions.headline, captions.tagline, captions.monogram]
        .filter((text): text is string => Boolean(text))
        .join(' ')
        .toLowerCase();
      const allowed = `${quote} ${(captions.name ?? '').toLowerCase()} ${(context.streamTitle ?? '').toLowerCase()} ${(context.category ?? '').toLowerCase()}`;
      for (const word of mashWords(prompt)) {
        if (!allowed.includes(word)) {
          expect(drawn, `"${word}" from the prompt`).not.to.match(new RegExp(`\\b${word}\\b`));
        }
      }
    });
  }

  it('reads quoted and introduced text, not apostrophes', () => {
    expect(streamerText('a cat saying "nope"')).to.equal('nope');
    expect(streamerText("a panel, it says 'ABOUT ME'")).to.equal('ABOUT ME');
    expect(streamerText('caption: touch grass, big letters')).to.equal('touch grass');
    expect(streamerText("my cat's angry face, don't overdo it")).to.equal(null);
    expect(streamerText('make the text bigger')).to.equal(null);
  });

  it('makes monograms from names only', () => {
    expect(initials('cozy_gamer_jen')).to.equal('CJ');
    expect(initials('NovaPlays')).to.equal('NP');
    expect(initials('Zed')).to.equal('ZE');
  });
});
