import { expect } from 'chai';
import { planWeek } from './layouts/schedule';
import { emoteWord, headlineFor, moodFor, symbolFor } from './words';

describe('reading a prompt', () => {
  it('takes an emote word from quotes, the explicit text or a known chat word', () => {
    expect(emoteWord('a cat saying "nope"', null)).to.equal('NOPE');
    expect(emoteWord('anything', 'gg')).to.equal('GG');
    expect(emoteWord('hype train emote', null)).to.equal('HYPE');
    expect(emoteWord('a sleepy cat', null)).to.equal(null);
  });

  it('finds the symbol and the mood a prompt asks for', () => {
    expect(symbolFor('golden crown for my VIPs')).to.equal('crown');
    expect(moodFor('LUL laughing so hard')).to.equal('laugh');
    expect(moodFor('a plain square')).to.equal(null);
  });

  it("uses the stream title's lead for a thumbnail and the spec's wording for scenes", () => {
    expect(headlineFor('thumbnail', 'make a thumbnail', null, 'Road to Radiant: day 12 | !discord', null)).to.equal(
      'Road to Radiant',
    );
    expect(headlineFor('brb', 'whatever', null, null, null)).to.equal('Be Right Back');
    expect(headlineFor('panel', 'panel for my donation link', null, null, null)).to.equal('Donate');
  });

  it('plans a week from the days and time in a prompt', () => {
    const plan = planWeek('I stream Mon, Wednesday and fri at 7pm');
    expect(plan.days.filter((day) => day.live).map((day) => day.label)).to.deep.equal(['MON', 'WED', 'FRI']);
    expect(plan.time).to.equal('7 PM');
    expect(
      planWeek('weekends 20:30')
        .days.filter((day) => day.live)
        .map((day) => day.label),
    ).to.deep.equal(['SAT', 'SUN']);
    expect(planWeek('no days here').anyNamed).to.equal(false);
  });
});
