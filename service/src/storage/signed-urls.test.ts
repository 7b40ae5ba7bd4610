import { expect } from 'chai';
import { signingWindow } from './signed-urls';

describe('signingWindow', () => {
  const seconds = 3600;
  const start = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('signs every request of a half-length window at its start, so they get the same URL', () => {
    const first = signingWindow(seconds, start + 1_000);
    const last = signingWindow(seconds, start + 1_799_000);
    expect(first.signedAt.toISOString()).to.equal('2026-01-01T12:00:00.000Z');
    expect(last).to.deep.equal(first);
    expect(signingWindow(seconds, start + 1_800_000).signedAt.toISOString()).to.equal('2026-01-01T12:30:00.000Z');
  });

  it('keeps each URL valid for at least the configured time from when it is handed out, at most half as long again', () => {
    for (const offset of [0, 1, 900, 1799]) {
      const now = start + offset * 1000;
      const { signedAt, expiresInSeconds } = signingWindow(seconds, now);
      const remaining = (signedAt.getTime() + expiresInSeconds * 1000 - now) / 1000;
      expect(remaining, `${offset}s into the window`)
        .to.be.at.least(seconds)
        .and.at.most(seconds * 1.5);
    }
  });

  it('lets a redirect be cached only while its URL stays valid for a while longer', () => {
    for (const offset of [0, 900, 1799]) {
      const now = start + offset * 1000;
      const { signedAt, expiresInSeconds, maxAgeSeconds } = signingWindow(seconds, now);
      const validUntil = signedAt.getTime() + expiresInSeconds * 1000;
      expect(validUntil - (now + maxAgeSeconds * 1000)).to.be.at.least((seconds / 2) * 1000);
    }
  });
});
