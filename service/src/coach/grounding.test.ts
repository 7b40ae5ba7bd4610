import { expect } from 'chai';
import { pino } from 'pino';
import type { TwitchContextProvider } from '../twitch/channel-context';
import type { UserId } from '../users/user.repository';
import { CoachGrounding, type GroundingFinding, type PopularityLookup } from './grounding';

const userId = 'b0c1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e' as UserId;
const logger = pino({ level: 'silent' });

// Small stand-ins for the Twitch and analytics services, honouring their interfaces.
const twitch: TwitchContextProvider = {
  getChannelContext: async () => ({
    broadcaster_id: '1',
    broadcaster_login: 'nova',
    broadcaster_name: 'Nova',
    title: 'ranked grind',
    category_id: '516575',
    category_name: 'VALORANT',
    tags: ['English'],
    is_live: true,
  }),
  getTopStreams: async (_user, categoryId, limit) =>
    categoryId === '516575'
      ? [
          { user_name: 'tenz', title: 'radiant games', viewer_count: 41234, tags: [] },
          { user_name: 'kyedae', title: 'chill', viewer_count: 12000, tags: [] },
        ].slice(0, limit)
      : [],
};
const popularity: PopularityLookup = {
  popularAssetTypes: async (days) => ({
    asset_types: [
      { asset_type: 'overlay', generated_count: 3, assets: 0 },
      { asset_type: 'twitch_emote', generated_count: 2, assets: 9 },
      { asset_type: 'twitch_badge', generated_count: 0, assets: 0 },
    ].slice(0, days),
  }),
  popularStylePresets: async () => [{ style_preset: 'pixel_art', count: 4 }],
};

async function collect(grounding: CoachGrounding) {
  const seen: GroundingFinding[] = [];
  const result = await grounding.collect(
    userId,
    async (finding) => void seen.push(finding),
    new AbortController().signal,
  );
  expect(result.findings).to.deep.equal(seen);
  return result;
}

describe('coach grounding', () => {
  it('reports the channel, its top streams and what is popular, in that order', async () => {
    const { findings, twitchConnected } = await collect(new CoachGrounding({ twitch, popularity, logger }));
    expect(twitchConnected).to.equal(true);
    expect(findings.map((finding) => finding.item.source)).to.deep.equal([
      'twitch_channel',
      'twitch_top_streams',
      'popular_asset_types',
      'popular_styles',
    ]);
    expect(findings[1]?.line).to.equal(
      'Top VALORANT streams right now: tenz (41,234 viewers), kyedae (12,000 viewers)',
    );
    expect(findings[2]?.item).to.deep.equal({
      source: 'popular_asset_types',
      days: 7,
      asset_types: [
        { asset_type: 'twitch_emote', count: 9 },
        { asset_type: 'overlay', count: 3 },
      ],
    });
  });

  it('carries on without Twitch when the streamer has not connected it', async () => {
    const disconnected: TwitchContextProvider = { getChannelContext: async () => null, getTopStreams: async () => [] };
    const { findings, twitchConnected } = await collect(
      new CoachGrounding({ twitch: disconnected, popularity: null, logger }),
    );
    expect(findings).to.deep.equal([]);
    expect(twitchConnected).to.equal(false);
  });

  it('leaves out a source that fails or is too slow', async () => {
    const failing: PopularityLookup = {
      popularAssetTypes: () => Promise.reject(new Error('analytics is down')),
    };
    const slow: TwitchContextProvider = {
      getChannelContext: () => new Promise(() => undefined),
      getTopStreams: async () => [],
    };
    const { findings, twitchConnected } = await collect(
      new CoachGrounding({ twitch: slow, popularity: failing, logger, timeoutMs: 50 }),
    );
    expect(findings).to.deep.equal([]);
    expect(twitchConnected).to.equal(false);
  });
});
