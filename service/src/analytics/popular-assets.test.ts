import { expect } from 'chai';
import { rankPopularAssetTypes } from './popular-assets';

const totals = (asset_type: string, generated: number, downloaded = 0, viewed = 0, shared = 0) => ({
  asset_type,
  generated_count: generated,
  viewed_count: viewed,
  downloaded_count: downloaded,
  shared_count: shared,
});

describe('rankPopularAssetTypes', () => {
  it('ranks by generation events, then downloads, shares and views when generation counts are unknown', () => {
    const ranked = rankPopularAssetTypes(
      [totals('overlay', 3), totals('twitch_emote', 5), totals('twitch_badge', 3, 2), totals('panel', 0, 0, 9)],
      null,
      10,
    );
    expect(ranked.map((item) => item.asset_type)).to.deep.equal(['twitch_emote', 'twitch_badge', 'overlay', 'panel']);
    expect(ranked[0]).to.deep.include({ jobs: null, assets: null });
  });

  it('ranks by the assets really generated first when the generation feature reports them', () => {
    const ranked = rankPopularAssetTypes(
      [totals('twitch_emote', 50), totals('overlay', 1), totals('panel', 7)],
      [
        { asset_type: 'overlay', jobs: 4, assets: 12 },
        { asset_type: 'twitch_emote', jobs: 3, assets: 3 },
        { asset_type: 'banner', jobs: 2, assets: 2 },
      ],
      10,
    );
    expect(ranked.map((item) => [item.asset_type, item.jobs, item.assets])).to.deep.equal([
      ['overlay', 4, 12],
      ['twitch_emote', 3, 3],
      ['banner', 2, 2],
      // no assets made in the period: ranked by its events
      ['panel', 0, 0],
    ]);
    expect(ranked[2]).to.deep.include({ generated_count: 0, viewed_count: 0 });
  });

  it('returns at most `limit` types', () => {
    expect(rankPopularAssetTypes([totals('a', 1), totals('b', 2), totals('c', 3)], [], 2)).to.have.length(2);
  });
});
