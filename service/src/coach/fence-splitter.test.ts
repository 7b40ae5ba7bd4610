import { expect } from 'chai';
import { FenceSplitter } from './fence-splitter';

function feed(pieces: string[]): { shown: string; block: string | null } {
  const splitter = new FenceSplitter();
  let shown = pieces.map((piece) => splitter.push(piece)).join('');
  const { tail, block } = splitter.finish();
  shown += tail;
  expect(splitter.visible).to.equal(shown);
  return { shown, block };
}

describe('FenceSplitter', () => {
  it('shows the text and keeps the fenced block, even when the fence arrives in pieces', () => {
    const answer = 'Here you go!\n\n```json\n{"ready": true}\n```';
    for (const size of [1, 2, 3, 4, 7, 100]) {
      const pieces = answer.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      expect(feed(pieces), `pieces of ${size}`).to.deep.equal({ shown: 'Here you go!\n\n', block: '{"ready": true}' });
    }
  });

  it('lets lone backticks through once they open nothing', () => {
    expect(feed(['use `', 'neon` here'])).to.deep.equal({ shown: 'use `neon` here', block: null });
    expect(feed(['ends with ``'])).to.deep.equal({ shown: 'ends with ``', block: null });
  });

  it('ignores anything after the closing fence and a missing language tag', () => {
    expect(feed(['text ```{"a":1}``` trailing'])).to.deep.equal({ shown: 'text ', block: '{"a":1}' });
  });
});
