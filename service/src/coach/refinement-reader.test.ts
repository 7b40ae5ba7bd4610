import { expect } from 'chai';
import type { CoachSlot } from './asset-profiles';
import type { Refinement } from './prompt-slots';
import { readRefinements } from './refinement-reader';

const purple = '#9146FF';
const palette = (colors: string[], extend = false, recolorsSubject = false): Refinement => ({
  kind: 'palette',
  colors,
  extend,
  recolorsSubject,
});

/** A follow-up message and the slot refinements it asks for, in order. */
const table: [message: string, expected: Refinement[], answering?: CoachSlot[]][] = [
  ['make it purple and add the text GG', [{ kind: 'text', text: 'GG' }, palette([purple], false, true)]],
  ['add the text "GG"', [{ kind: 'text', text: 'GG' }]],
  ['with the word W', [{ kind: 'text', text: 'W' }]],
  ['change the text to EZ', [{ kind: 'text', text: 'EZ' }]],
  ['make it say LETS GO', [{ kind: 'text', text: 'LETS GO' }]],
  ['no text', [{ kind: 'text', text: null }]],
  ['get rid of the words', [{ kind: 'text', text: null }]],
  ['nope', [{ kind: 'text', text: null }], ['text']],
  ['GG', [{ kind: 'text', text: 'GG' }], ['mood', 'text']],
  ['make the text bigger', [{ kind: 'direction', direction: { key: 'text:size', text: 'the text bigger' } }]],
  ['remove the sunglasses', [{ kind: 'remove', thing: 'sunglasses' }], ['text']],
  ['take the hat off', [{ kind: 'remove', thing: 'hat' }]],
  ['no more sparkles', [{ kind: 'remove', thing: 'sparkles' }]],
  ['a wizard hat instead of the crown', [{ kind: 'replace', from: 'crown', to: 'a wizard hat' }]],
  ['swap the crown for a halo', [{ kind: 'replace', from: 'crown', to: 'a halo' }]],
  ['purple instead of red', [palette([purple])]],
  ['anime instead of pixel art', [{ kind: 'style', style: 'anime' }]],
  ['give it a crown', [{ kind: 'add_detail', thing: 'a crown' }]],
  ['add the sunglasses back', [{ kind: 'add_detail', thing: 'sunglasses' }]],
  ['give the cat a red hat', [{ kind: 'add_detail', thing: 'a red hat' }]],
  ['give it bigger eyes', [{ kind: 'direction', direction: { key: 'eyes:size', text: 'bigger eyes' } }]],
  ['make the eyes smaller', [{ kind: 'direction', direction: { key: 'eyes:size', text: 'the eyes smaller' } }]],
  ['add more sparkles', [{ kind: 'direction', direction: { key: 'sparkles:amount', text: 'more sparkles' } }]],
  ['make the hat red', [{ kind: 'direction', direction: { key: 'hat:colour', text: 'the hat red' } }]],
  ['make the hat blue', [{ kind: 'direction', direction: { key: 'hat:colour', text: 'the hat blue' } }]],
  ['use teal and black', [palette(['#00897B', '#111111'])]],
  ['add some gold accents', [palette(['#FFC629'], true)]],
  [
    'give it a red background',
    [{ kind: 'background', background: { kind: 'described', description: 'a red background' } }],
  ],
  [
    'put it on a starry night sky background',
    [{ kind: 'background', background: { kind: 'described', description: 'a starry night sky background' } }],
  ],
  ['make the background blue', [{ kind: 'background', background: { kind: 'described', description: 'blue' } }]],
  ['remove the background', [{ kind: 'background', background: { kind: 'empty' } }]],
  ['transparent background please', [{ kind: 'background', background: { kind: 'empty' } }]],
  [
    'make the background darker',
    [{ kind: 'direction', direction: { key: 'background:light', text: 'the background darker' } }],
  ],
  ['make it watercolour', [{ kind: 'custom_style', style: 'watercolour' }]],
  ['actually make it neon', [{ kind: 'style', style: 'neon' }]],
  ['make it sad', [{ kind: 'mood', mood: 'sad' }]],
  ['smirking', [{ kind: 'mood', mood: 'smirking' }], ['mood', 'text']],
  ['looks good!', [{ kind: 'confirm' }]],
];

describe('reading refinements from a follow-up', () => {
  for (const [message, expected, answering = []] of table) {
    it(`"${message}"${answering.length > 0 ? ` (answering ${answering.join(', ')})` : ''}`, () => {
      expect(readRefinements({ content: message, answering }, false)).to.deep.equal(expected);
    });
  }

  it('reads only the background and an explicit palette as slots of the opening idea', () => {
    expect(readRefinements({ content: 'my orange cat on a galaxy background', answering: [] }, true)).to.deep.equal([
      { kind: 'background', background: { kind: 'described', description: 'a galaxy background' } },
    ]);
    expect(readRefinements({ content: 'a cat, colours purple and gold', answering: [] }, true)).to.deep.equal([
      palette([purple, '#FFC629']),
    ]);
    expect(readRefinements({ content: 'a cat with a gold crown', answering: [] }, true)).to.deep.equal([]);
  });
});
