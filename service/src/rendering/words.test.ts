import { expect } from 'chai';
import { planWeek } from './layouts/schedule';
import { moodFor, symbolFor } from './words';

describe('reading a prompt', () => {
  it('finds the symbol and the mood a prompt asks for', () => {
    expect(symbolFor('golden crown for my VIPs')).to.equal('crown');
    expect(moodFor('LUL laughing so hard')).to.equal('laugh');
    expect(moodFor('a plain square')).to.equal(null);
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
