import { expect } from 'chai';
import { ideaNumberOf, parseCommand, reaches, roleOf } from './command-parser';

const settings = { prefix: '!aura', aliases: [{ alias: '!idea', command: 'idea' as const }] };
const none = { broadcaster: false, moderator: false, vip: false, subscriber: false };

describe('chat command parsing', () => {
  it('reads the prefix, the command and its arguments, in any case', () => {
    expect(parseCommand('  !AURA Idea   a neon  cat ', settings)).to.deep.equal({
      command: 'idea',
      word: 'idea',
      args: 'a neon  cat',
      invocation: '!aura idea',
    });
  });

  it('takes the prefix alone for help and keeps an unknown word for the hint', () => {
    expect(parseCommand('!aura', settings)?.command).to.equal('help');
    expect(parseCommand('!aura dance now', settings)).to.include({ command: null, word: 'dance', args: 'now' });
  });

  it('runs an alias with the rest as arguments', () => {
    expect(parseCommand('!idea a cat', settings)).to.include({ command: 'idea', args: 'a cat', invocation: '!idea' });
  });

  it('leaves ordinary chat alone, a prefix inside a word included', () => {
    expect(parseCommand('hello !aura idea', settings)).to.equal(null);
    expect(parseCommand('!auranope idea', settings)).to.equal(null);
  });

  it('reads the role from the badges, highest first', () => {
    expect(roleOf({ ...none, subscriber: true, moderator: true })).to.equal('moderator');
    expect(roleOf({ ...none, broadcaster: true })).to.equal('broadcaster');
    expect(roleOf(none)).to.equal('viewer');
    expect(reaches('vip', 'subscriber')).to.equal(true);
    expect(reaches('subscriber', 'moderator')).to.equal(false);
  });

  it('reads idea numbers with or without #', () => {
    expect(ideaNumberOf('#12')).to.equal(12);
    expect(ideaNumberOf('7')).to.equal(7);
    expect(ideaNumberOf('x7')).to.equal(null);
    expect(ideaNumberOf(undefined)).to.equal(null);
  });
});
