import { expect } from 'chai';
import { assetTypeName, formatBytes, formatRelativeTime, slugify, styleName, tierName } from './format';

describe('formatting', () => {
  it('sizes files in B, KB (one decimal under 10 KB) and MB, and a dash for an unknown size', () => {
    expect(
      [0, 1023, 1024, 1536, 10 * 1024, 500 * 1024, 1024 * 1024, 5.25 * 1024 * 1024].map(formatBytes),
    ).to.deep.equal(['0 B', '1023 B', '1.0 KB', '1.5 KB', '10 KB', '500 KB', '1.0 MB', '5.3 MB']);
    expect(formatBytes(null)).to.equal('—');
    expect(formatBytes(undefined)).to.equal('—');
  });

  it('says how long ago in words, up to a month, then gives the date', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const ago = (seconds: number) => formatRelativeTime(new Date(now - seconds * 1000).toISOString(), now);
    expect(ago(10)).to.equal('just now');
    expect(ago(5 * 60)).to.equal('5 minutes ago');
    expect(ago(3 * 3600)).to.equal('3 hours ago');
    expect(ago(86_400)).to.equal('yesterday');
    expect(ago(12 * 86_400)).to.equal('12 days ago');
    expect(ago(45 * 86_400)).to.equal(new Date(now - 45 * 86_400_000).toLocaleDateString());
    expect(formatRelativeTime(new Date(now + 2 * 3600 * 1000).toISOString(), now)).to.equal('in 2 hours');
  });

  it('names asset types as streamers know them, and readably when the type is new', () => {
    expect(assetTypeName('twitch_badge')).to.equal('Sub badge');
    expect(assetTypeName('offline_screen')).to.equal('Offline screen');
    expect(assetTypeName('animated_sticker')).to.equal('Animated sticker');
  });

  it('names styles and tiers', () => {
    expect(styleName('pixel_art')).to.equal('Pixel art');
    expect(styleName('vaporwave')).to.equal('vaporwave');
    expect(tierName('studio')).to.equal('Studio');
  });

  it('makes a download-safe file name of any text', () => {
    expect(slugify('GG! Hype Cat — v2')).to.equal('gg-hype-cat-v2');
    expect(slugify('   ')).to.equal('asset');
    expect(slugify('a'.repeat(60))).to.have.length(40);
  });
});
