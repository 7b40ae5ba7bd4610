import { expect } from 'chai';
import { analyzeConversation, subjectOf, type StreamerMessage } from './conversation-analysis';

const opening = (content: string): StreamerMessage => ({ content, answering: [] });
const reply = (content: string, answering: StreamerMessage['answering'] = []): StreamerMessage => ({
  content,
  answering,
});

describe('conversation analysis', () => {
  it('takes the subject from the opening idea without filler or the text it asks for', () => {
    expect(subjectOf('I want an emote of my orange cat raging')).to.equal('my orange cat raging');
    expect(subjectOf('Make me a thumbnail for my first Radiant game that says "I DID IT"')).to.equal(
      'my first Radiant game',
    );
    expect(subjectOf('a cozy bear with a mug')).to.equal('a cozy bear with a mug');
  });

  it('reads quoted and introduced text, and "no text"', () => {
    expect(analyzeConversation([opening('a frog saying "LETS GO"')]).text).to.equal('LETS GO');
    expect(analyzeConversation([opening('a frog with the caption: touch grass')]).text).to.equal('touch grass');
    expect(analyzeConversation([opening("a panel, it says 'ABOUT ME'")]).text).to.equal('ABOUT ME');
    expect(analyzeConversation([opening('a hype frog'), reply('no text please')]).text).to.equal(null);
    expect(analyzeConversation([opening('a hype frog')]).text).to.equal(undefined);
    // an apostrophe is not a quote
    expect(analyzeConversation([opening("my cat's angry face, don't overdo it")]).text).to.equal(undefined);
  });

  it('takes a short reply as the answer to the question asked', () => {
    const lettering = analyzeConversation([opening('a frog'), reply('GG', ['mood', 'text'])]);
    expect(lettering.text).to.equal('GG');
    const mood = analyzeConversation([opening('a frog'), reply('smirking', ['mood', 'text'])]);
    expect(mood.mood).to.equal('smirking');
    expect(mood.answered.has('mood')).to.equal(true);
    const none = analyzeConversation([opening('a thumbnail'), reply('nope', ['text'])]);
    expect(none.text).to.equal(null);
  });

  it('recognises moods and styles, the latest mention winning', () => {
    const state = analyzeConversation([
      opening('an angry cat in pixel art'),
      reply('actually make it anime and laughing'),
    ]);
    expect(state.style).to.equal('anime');
    expect(state.mood).to.equal('laughing');
    expect(analyzeConversation([opening('a cat'), reply('i love it')]).mood).to.equal(null);
  });

  it('keeps colour words of the opening idea in the subject unless it talks palette', () => {
    expect(analyzeConversation([opening('my orange cat')]).colors).to.deep.equal([]);
    expect(analyzeConversation([opening('a cat, colours purple and gold')]).colors).to.deep.equal([
      '#9146FF',
      '#FFC629',
    ]);
    expect(analyzeConversation([opening('a cat in #f0a and #00ff88')]).colors).to.deep.equal(['#FF00AA', '#00FF88']);
  });

  it('replaces the palette on a new one and extends it on "add"', () => {
    const replaced = analyzeConversation([
      opening('a cat'),
      reply('use teal and black'),
      reply('make it red and white'),
    ]);
    expect(replaced.colors).to.deep.equal(['#E53935', '#FFFFFF']);
    const added = analyzeConversation([opening('a cat'), reply('use teal'), reply('add some gold accents')]);
    expect(added.colors).to.deep.equal(['#00897B', '#FFC629']);
  });

  it('turns follow-ups into details, directions and a background, leaving out what slots already took', () => {
    const state = analyzeConversation([
      opening('a cat'),
      reply('make it pixel art and add a tiny crown'),
      reply('remove the background, and give it bigger eyes'),
    ]);
    expect(state.style).to.equal('pixel_art');
    expect(state.details).to.deep.equal(['a tiny crown']);
    expect(state.directions).to.deep.equal([{ key: 'eyes:size', text: 'bigger eyes' }]);
    expect(state.background).to.deep.equal({ kind: 'empty' });
    expect(state.avoid).to.deep.equal([]);
  });

  it('notices a confirmation', () => {
    expect(analyzeConversation([opening('a cat'), reply('looks good!')]).confirmed).to.equal(true);
    expect(analyzeConversation([opening('a cat'), reply('yes but purple')]).confirmed).to.equal(false);
  });
});
