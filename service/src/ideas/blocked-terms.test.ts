import { expect } from 'chai';
import { BlockedTerms, normalizeForMatching } from './blocked-terms';

describe('blocked terms', () => {
  const channel = new BlockedTerms(['Potato', 'bad vibes']);

  it('matches a whole word whatever its case, accents and leetspeak', () => {
    expect(channel.find('a POTATO emote')).to.equal('Potato');
    expect(channel.find('a pótàtó emote')).to.equal('Potato');
    expect(channel.find('a p0t4t0 emote')).to.equal('Potato');
    expect(channel.find('potato!')).to.equal('Potato');
  });

  it('matches phrases across any run of separators', () => {
    expect(channel.find('such BAD...vibes')).to.equal('bad vibes');
  });

  it('leaves words that merely contain a term alone', () => {
    expect(channel.find('potatoes and sweetpotato')).to.equal(null);
    expect(channel.find('bad vibrations')).to.equal(null);
  });

  it('adds the default list only when the channel keeps it on', () => {
    expect(BlockedTerms.forChannel([], true).find('a n4zi flag')).to.equal('nazi');
    expect(BlockedTerms.forChannel([], false).find('a n4zi flag')).to.equal(null);
    expect(BlockedTerms.forChannel([], true).find('a classic sussex cat')).to.equal(null);
  });

  it('follows a channel’s list as it changes (compiled once per distinct list)', () => {
    expect(BlockedTerms.forChannel(['potato'], false).find('a potato')).to.equal('potato');
    expect(BlockedTerms.forChannel(['carrot'], false).find('a potato')).to.equal(null);
    expect(BlockedTerms.forChannel(['carrot', 'potato'], false).find('a potato')).to.equal('potato');
    expect(BlockedTerms.forChannel(['potato'], false)).to.equal(BlockedTerms.forChannel(['potato'], false));
  });

  it('normalises to padded single-spaced lower case', () => {
    expect(normalizeForMatching('  Héllo,   W0RLD ')).to.equal(' hello world ');
  });
});
