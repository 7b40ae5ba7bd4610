import { expect } from 'chai';
import { assetTypeSchema, GENERIC_TO_TWITCH, twitchAssetTypeSchema } from '@aurastream/contract';
import { dimensionsFor, TWITCH_DIMENSIONS } from './dimensions';

describe('asset dimensions', () => {
  it('covers each Twitch asset type (the 14 and the reward icon), keyed by its own name', () => {
    expect(Object.keys(TWITCH_DIMENSIONS).sort()).to.deep.equal([...twitchAssetTypeSchema.options].sort());
    for (const [type, dims] of Object.entries(TWITCH_DIMENSIONS)) {
      expect(dims.asset_type).to.equal(type);
      expect(dims.sizes.length).to.be.greaterThan(0);
      expect(dims.accepted_formats).to.include(dims.format);
      for (const size of dims.sizes) {
        expect(size.label).to.equal(`${size.width}x${size.height}`);
      }
    }
  });

  it("holds Twitch's sizes and upload limits", () => {
    expect(TWITCH_DIMENSIONS.emote.sizes.map((s) => s.label)).to.deep.equal(['112x112', '56x56', '28x28']);
    expect(TWITCH_DIMENSIONS.emote).to.include({
      format: 'png',
      transparent: true,
      max_bytes: 1024 * 1024,
      legibility_px: 28,
    });
    expect(TWITCH_DIMENSIONS.badge.sizes.map((s) => s.label)).to.deep.equal(['72x72', '36x36', '18x18']);
    expect(TWITCH_DIMENSIONS.badge).to.include({ transparent: true, max_bytes: 25 * 1024, legibility_px: 18 });
    expect(TWITCH_DIMENSIONS.panel.sizes[0]).to.include({ width: 320 });
    expect(TWITCH_DIMENSIONS.panel.sizes[0]!.height).to.be.at.most(600);
    expect(TWITCH_DIMENSIONS.panel.max_bytes).to.be.at.most(1024 * 1024);
    expect(TWITCH_DIMENSIONS.banner.sizes[0]!.label).to.equal('1200x480');
    expect(TWITCH_DIMENSIONS.offline_screen.sizes[0]!.label).to.equal('1920x1080');
    expect(TWITCH_DIMENSIONS.thumbnail.sizes[0]!.label).to.equal('1280x720');
    for (const scene of ['starting_soon', 'brb', 'ending', 'transition', 'overlay', 'schedule'] as const) {
      expect(TWITCH_DIMENSIONS[scene].sizes[0]!.label, scene).to.equal('1920x1080');
    }
    expect(TWITCH_DIMENSIONS.overlay.transparent).to.equal(true);
    expect(TWITCH_DIMENSIONS.reward_icon.sizes.map((s) => s.label)).to.deep.equal(['112x112', '56x56', '28x28']);
    expect(TWITCH_DIMENSIONS.reward_icon).to.include({ format: 'png', transparent: true, legibility_px: 28 });
  });

  it('maps each generic type to the Twitch type it renders as', () => {
    expect(Object.keys(GENERIC_TO_TWITCH).sort()).to.deep.equal([...assetTypeSchema.options].sort());
    for (const type of assetTypeSchema.options) {
      const dims = dimensionsFor(type);
      expect(dims.asset_type).to.equal(type);
      expect(dims.twitch_asset_type).to.equal(GENERIC_TO_TWITCH[type]);
      expect(dims.sizes).to.deep.equal(TWITCH_DIMENSIONS[GENERIC_TO_TWITCH[type]].sizes);
    }
    expect(dimensionsFor('youtube_thumbnail')).to.include({ max_bytes: 2 * 1024 * 1024, limit_source: 'youtube' });
  });
});
