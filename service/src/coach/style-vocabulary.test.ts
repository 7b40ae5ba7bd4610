import { expect } from 'chai';
import {
  CUSTOM_STYLES,
  MOOD_KEYWORDS,
  STYLE_KEYWORDS,
  lastMatchIndex,
  lastMentioned,
  wholeWordPattern,
} from './style-vocabulary';

/** The search as each phrase's own pattern sees it: the reference `lastMatchIndex` must agree with. */
function lastMatchOneByOne(text: string, phrases: readonly string[]): number {
  let last = -1;
  for (const phrase of phrases) {
    for (const match of text.matchAll(wholeWordPattern(phrase))) {
      last = Math.max(last, match.index);
    }
  }
  return last;
}

describe('style vocabulary', () => {
  const texts = [
    'chibi cat',
    'a cat in sunglasses, take 5000123',
    'Pixel Art frog, then make it CUTE and cute again',
    'crying laughing pepe, laughing harder',
    'flat design, no wait, flat',
    '(neon) cyberpunk-ish rat; 8-bit? no: 16 bit',
    'e-sports mascot with esports mascot energy',
    'cuteness overload', // a phrase inside a longer word is no mention
    'watercolour sketch of a comic book hero, comic style',
    '',
    '   ',
    'ⓒ café kawaii',
  ];

  it('finds the last whole-word mention of any phrase where each phrase alone finds it', () => {
    const lists = [...Object.values(STYLE_KEYWORDS), ...Object.values(MOOD_KEYWORDS), CUSTOM_STYLES, ['flat']];
    for (const text of texts) {
      for (const phrases of lists) {
        expect(lastMatchIndex(text, phrases), `${text} / ${phrases.join(',')}`).to.equal(
          lastMatchOneByOne(text, phrases),
        );
      }
    }
  });

  it('answers the key mentioned last', () => {
    expect(lastMentioned('a cute pixel art frog', STYLE_KEYWORDS)).to.equal('pixel_art');
    expect(lastMentioned('crying laughing, then sad, then lol', MOOD_KEYWORDS)).to.equal('laughing');
    expect(lastMentioned('cuteness', STYLE_KEYWORDS)).to.equal(null);
    expect(lastMatchIndex('anything', [])).to.equal(-1);
  });
});
