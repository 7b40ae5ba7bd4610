import { expect } from 'chai';
import { ApiError } from '@aurastream/contract';
import { describeError, detailNumber, detailString, fieldProblems, formatWait, isTierLimitError } from './errors';

describe('errors', () => {
  it('recognises a plan limit (403 with a limit code) and nothing else as one', () => {
    expect(isTierLimitError(new ApiError(403, 'brand_kit_limit_reached', 'Limit'))).to.equal(true);
    expect(isTierLimitError(new ApiError(403, 'monthly_quota_exceeded', 'Quota'))).to.equal(true);
    expect(isTierLimitError(new ApiError(403, 'forbidden', 'No'))).to.equal(false);
    expect(isTierLimitError(new ApiError(429, 'brand_kit_limit_reached', 'Limit'))).to.equal(false);
    expect(isTierLimitError(new Error('brand_kit_limit_reached'))).to.equal(false);
  });

  it('reads the per-field problems of a 422, skipping malformed entries', () => {
    const error = new ApiError(422, 'validation_error', 'Invalid', [
      { field: 'name', message: 'is required' },
      { field: 'primary_colors.0', message: 'must be a hex colour' },
      { field: 3, message: 'not a field name' },
      'junk',
    ]);
    expect(fieldProblems(error)).to.deep.equal([
      { field: 'name', message: 'is required' },
      { field: 'primary_colors.0', message: 'must be a hex colour' },
    ]);
    expect(fieldProblems(new ApiError(422, 'validation_error', 'Invalid', { name: 'x' }))).to.deep.equal([]);
    expect(fieldProblems(new Error('x'))).to.deep.equal([]);
  });

  it('turns any failure into a sentence a streamer can act on', () => {
    const tooMany = new ApiError(429, 'rate_limited', 'Too many requests', null, 90);
    expect(describeError(tooMany)).to.equal('Too many requests (try again in 2 min)');
    expect(describeError(new ApiError(429, 'rate_limited', 'Slow down'))).to.equal('Slow down');
    const invalid = new ApiError(422, 'validation_error', 'Invalid', [
      { field: 'fonts.headline', message: 'is too long' },
    ]);
    expect(describeError(invalid)).to.equal('Headline is too long');
    expect(describeError(new ApiError(500, 'internal', 'stack trace here'))).to.equal(
      'Something went wrong on our side. Please try again in a moment.',
    );
    expect(describeError(new ApiError(404, 'not_found', 'Brand kit not found'))).to.equal('Brand kit not found');
    expect(describeError(new TypeError('Failed to fetch'))).to.match(/Can’t reach AuraStream/);
    expect(describeError('???')).to.equal('Something went wrong.');
  });

  it('says waits in seconds under a minute, else in whole minutes rounded up', () => {
    expect([1, 59, 60, 61, 600].map(formatWait)).to.deep.equal(['1 s', '59 s', '1 min', '2 min', '10 min']);
  });

  it('reads numbers and strings out of error details, and nothing of the wrong type', () => {
    const error = new ApiError(403, 'monthly_quota_exceeded', 'Quota', {
      limit: 20,
      resets_at: '2026-04-01',
      used: '20',
    });
    expect(detailNumber(error, 'limit')).to.equal(20);
    expect(detailNumber(error, 'used')).to.equal(null);
    expect(detailString(error, 'resets_at')).to.equal('2026-04-01');
    expect(detailString(error, 'missing')).to.equal(null);
  });
});
