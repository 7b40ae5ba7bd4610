import { expect } from 'chai';
import { nextMonthStart, usageMonthOf } from './monthly-quota';

describe('monthly quota calendar', () => {
  it('counts usage per UTC calendar month', () => {
    expect(usageMonthOf(new Date('2026-02-28T23:59:59.999Z'))).to.equal('2026-02');
    expect(usageMonthOf(new Date('2026-03-01T00:00:00.000Z'))).to.equal('2026-03');
  });

  it('resets at the first instant of the next month, across a year end', () => {
    expect(nextMonthStart(new Date('2026-02-10T12:00:00Z')).toISOString()).to.equal('2026-03-01T00:00:00.000Z');
    expect(nextMonthStart(new Date('2026-12-31T23:00:00Z')).toISOString()).to.equal('2027-01-01T00:00:00.000Z');
  });
});
