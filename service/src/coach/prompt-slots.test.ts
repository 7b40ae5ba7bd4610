import { expect } from 'chai';
import { applyRefinement, emptySlots, headNoun, type PromptSlots, type Refinement } from './prompt-slots';

type Slots = Partial<Omit<PromptSlots, 'answered'>>;

function slots(overrides: Slots): PromptSlots {
  return { ...emptySlots('a hype cat with sunglasses'), ...overrides };
}

/** A slot state, one refinement, and the slots it leaves (only the fields named are compared). */
const table: [name: string, before: Slots, refinement: Refinement, after: Slots][] = [
  ['text replaces "no text"', { text: null }, { kind: 'text', text: 'GG' }, { text: 'GG' }],
  ['"no text" replaces text', { text: 'GG' }, { kind: 'text', text: null }, { text: null }],
  [
    '"no text" drops directions about the text',
    { text: 'GG', directions: [{ key: 'text:size', text: 'the text bigger' }] },
    { kind: 'text', text: null },
    { directions: [] },
  ],
  ['removing the text by its words', { text: 'GG' }, { kind: 'remove', thing: 'the GG' }, { text: null, avoid: [] }],
  [
    'a new mood takes the old one out of the subject',
    { mood: 'hype' },
    { kind: 'mood', mood: 'sad' },
    { mood: 'sad', subject: 'a cat with sunglasses' },
  ],
  [
    'a new style takes the old one out of the subject',
    { subject: 'a pixel art frog', style: 'pixel_art' },
    { kind: 'style', style: 'anime' },
    { style: 'anime', subject: 'a frog' },
  ],
  [
    'a preset replaces a style in words',
    { subject: 'a watercolour owl', customStyle: 'watercolour' },
    { kind: 'style', style: 'neon' },
    { style: 'neon', customStyle: null, subject: 'an owl' },
  ],
  [
    'a style in words replaces a preset',
    { style: 'neon' },
    { kind: 'custom_style', style: 'oil painting' },
    { style: null, customStyle: 'oil painting' },
  ],
  ['a palette replaces the palette', { colors: ['#00897B'] }, palette(['#E53935'], false), { colors: ['#E53935'] }],
  ['accents extend it', { colors: ['#00897B'] }, palette(['#FFC629'], true), { colors: ['#00897B', '#FFC629'] }],
  [
    '"make it purple" recolours the subject',
    { subject: 'my orange cat' },
    palette(['#9146FF'], false, true),
    { subject: 'my cat', colors: ['#9146FF'] },
  ],
  [
    'a background replaces the empty one',
    { background: { kind: 'empty' } },
    { kind: 'background', background: { kind: 'described', description: 'a red background' } },
    { background: { kind: 'described', description: 'a red background' } },
  ],
  [
    'removing a detail of the subject',
    {},
    { kind: 'remove', thing: 'sunglasses' },
    { subject: 'a hype cat', avoid: ['sunglasses'] },
  ],
  [
    'removing a detail worn in the subject',
    { subject: 'a frog wearing a tiny hat, laughing' },
    { kind: 'remove', thing: 'hat' },
    { subject: 'a frog, laughing', avoid: ['hat'] },
  ],
  [
    'removing an added detail and the directions about it',
    { details: ['a tiny crown'], directions: [{ key: 'crown:size', text: 'the crown bigger' }] },
    { kind: 'remove', thing: 'the crown' },
    { details: [], directions: [], avoid: ['crown'] },
  ],
  [
    'adding back what was removed',
    { subject: 'a hype cat', avoid: ['sunglasses'] },
    { kind: 'add_detail', thing: 'sunglasses' },
    { details: ['sunglasses'], avoid: [] },
  ],
  [
    'a new crown replaces the old crown',
    { details: ['a tiny crown'] },
    { kind: 'add_detail', thing: 'a golden crown' },
    { details: ['a golden crown'] },
  ],
  [
    'one thing instead of another',
    { details: ['a crown'] },
    { kind: 'replace', from: 'crown', to: 'a wizard hat' },
    { details: ['a wizard hat'], avoid: ['crown'] },
  ],
  [
    'an opposite direction replaces the earlier one',
    { directions: [{ key: 'eyes:size', text: 'the eyes bigger' }] },
    { kind: 'direction', direction: { key: 'eyes:size', text: 'the eyes smaller' } },
    { directions: [{ key: 'eyes:size', text: 'the eyes smaller' }] },
  ],
  [
    'more of what was avoided lifts the avoidance',
    { avoid: ['sparkles'] },
    { kind: 'direction', direction: { key: 'sparkles:amount', text: 'more sparkles' } },
    { avoid: [], directions: [{ key: 'sparkles:amount', text: 'more sparkles' }] },
  ],
];

function palette(colors: string[], extend: boolean, recolorsSubject = false): Refinement {
  return { kind: 'palette', colors, extend, recolorsSubject };
}

describe('prompt slots', () => {
  for (const [name, before, refinement, after] of table) {
    it(name, () => {
      const state = slots(before);
      applyRefinement(state, refinement);
      const compared = Object.fromEntries(Object.keys(after).map((key) => [key, state[key as keyof PromptSlots]]));
      expect(compared).to.deep.equal(after);
    });
  }

  it('marks the question a refinement answers', () => {
    const state = slots({});
    applyRefinement(state, { kind: 'text', text: null });
    applyRefinement(state, { kind: 'custom_style', style: 'sketch' });
    expect([...state.answered]).to.deep.equal(['text', 'style']);
  });

  it('matches things by their head noun', () => {
    expect(headNoun('the tiny crowns')).to.equal('crown');
    expect(headNoun('sunglasses')).to.equal('sunglass');
    expect(headNoun('boxes')).to.equal('box');
    expect(headNoun('a glass')).to.equal('glass');
  });
});
