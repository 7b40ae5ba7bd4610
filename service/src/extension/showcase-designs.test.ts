import { expect } from 'chai';
import { ShowcaseDesigns } from './showcase-designs';
import type { PublicAssetFile } from './showcase-sources';

let sequence = 0;
function file(jobId: string, variation: number, side: number, assetType: PublicAssetFile['asset_type']) {
  sequence += 1;
  return {
    id: `file-${sequence}`,
    asset_type: assetType,
    width: side,
    height: side,
    created_at: new Date(Date.UTC(2025, 0, 1) - sequence * 1000),
    job_id: jobId,
    variation,
  } satisfies PublicAssetFile;
}

describe('showcase designs', () => {
  it('shows each design once, at its largest size, in the place of its newest file', () => {
    const newestPanel = file('job-panel', 1, 320, 'panel');
    const emoteSmall = file('job-emote', 1, 28, 'emote');
    const emoteLarge = file('job-emote', 1, 112, 'emote');
    const emoteMedium = file('job-emote', 1, 56, 'emote');
    const otherVariation = file('job-emote', 2, 112, 'emote');
    const designs = new ShowcaseDesigns();
    designs.add([newestPanel, emoteSmall]);
    designs.add([emoteLarge, emoteMedium, otherVariation]);
    expect(designs.count).to.equal(3);
    expect(designs.newest(10).map((shown) => shown.id)).to.deep.equal([
      newestPanel.id,
      emoteLarge.id,
      otherVariation.id,
    ]);
  });

  it('lists only the newest designs but counts them all', () => {
    const designs = new ShowcaseDesigns();
    designs.add(Array.from({ length: 5 }, (_, index) => file(`job-${index}`, 1, 100, 'badge')));
    expect(designs.newest(2)).to.have.length(2);
    expect(designs.count).to.equal(5);
  });
});
