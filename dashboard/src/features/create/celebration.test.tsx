import { expect } from 'chai';
import { ApiDouble } from '../../testing/api-double';
import { eventually, flush, mount, settle, unmountAll } from '../../testing/render';
import { session } from '../../api/session';
import type { User } from '../../api/types';
import { preferences, updatePreferences } from '../../lib/preferences';
import { Celebration, checkMilestones, crossedMilestones } from './celebration';

type MixedType = 'emote' | 'badge' | 'panel';
const sizesOf: Record<MixedType, number[]> = { emote: [112, 56, 28], badge: [72, 36, 18], panel: [320] };

/** Every file of `count` designs of mixed types, newest first, as the service lists them. */
function libraryOf(count: number) {
  const types: MixedType[] = ['emote', 'badge', 'panel'];
  return Array.from({ length: count }, (_, index) => {
    const type = types[index % types.length]!;
    return sizesOf[type].map((size) => ({
      id: `00000000-0000-4000-8000-${String(index * 10 + size).padStart(12, '0')}`,
      user_id: 'user-1',
      job_id: `job-${index}`,
      brand_kit_id: null,
      asset_type: type,
      width: size,
      height: size,
      format: 'png',
      url: `/files/${type}-${index}-${size}.png`,
      storage_path: null,
      file_size: 1000,
      is_public: false,
      prompt_used: `design ${index}`,
      generation_params: {
        provider: 'builtin',
        ai_generated: false,
        model: null,
        style_preset: null,
        variation: 1,
        size_label: `${size}x${size}`,
        twitch_asset_type: type,
        pack_type: null,
        legibility_explanation: null,
      },
      viral_score: null,
      created_at: new Date(Date.UTC(2026, 0, 1) + (count - index) * 60_000).toISOString(),
    }));
  }).flat();
}

describe('milestone celebrations', () => {
  let api: ApiDouble;
  let designs = 0;

  before(async () => {
    api = await ApiDouble.start();
  });
  after(() => api.stop());
  beforeEach(() => {
    api.reset();
    api.on('GET /api/v1/assets/summary', () => ({ status: 200, body: { designs, published_designs: 0 } }));
    api.on('GET /api/v1/assets', () => ({ status: 200, body: { assets: libraryOf(designs), next_cursor: null } }));
    session.set({ status: 'signed_in', user: { id: 'user-1', displayName: 'Nova' } as User });
    updatePreferences({ celebratedMilestones: {}, celebrationSound: false });
  });
  afterEach(() => {
    unmountAll();
    session.set({ status: 'signed_out', user: null });
  });

  const titleShown = () => document.querySelector('dialog[open] .modal-title')?.textContent ?? null;
  /** The celebration's title once the page has caught up, or null when none is shown. */
  const celebrated = async () => {
    await settle(30);
    return titleShown();
  };
  const closeCelebration = async () => {
    flush(() => document.querySelector<HTMLButtonElement>('dialog[open] .btn-primary')!.click());
    await eventually(() => expect(titleShown()).to.equal(null));
  };

  it('celebrates the 1st, 10th, 50th and 100th design of mixed types, counted by the service', async () => {
    mount(<Celebration />);
    const seen: string[] = [];
    // one design, then batches of three: 10, 50 and 100 are crossed on the way, each once
    for (const [reached, made] of [
      [1, 1],
      [4, 3],
      [10, 3],
      [13, 3],
      [49, 3],
      [52, 3],
      [100, 4],
      [103, 3],
    ] as const) {
      designs = reached;
      await checkMilestones(made);
      const title = await celebrated();
      if (title) {
        seen.push(title);
        await closeCelebration();
      }
    }
    expect(seen).to.deep.equal([
      'Your first design!',
      '10 designs in your library',
      '50 designs!',
      '100 designs. Legend.',
    ]);
    expect(preferences.get().celebratedMilestones['user-1']).to.deep.equal([1, 10, 50, 100]);
    // the count is the service's: the dashboard never counted files (100 designs are 200+ files)
    expect(api.made('GET /api/v1/assets/summary')).to.have.length(8);
  });

  it('shows the best new design of the batch that crossed the milestone', async () => {
    mount(<Celebration />);
    designs = 10;
    await checkMilestones(3);
    await eventually(() => expect(titleShown()).to.equal('10 designs in your library'));
    const preview = document.querySelector<HTMLImageElement>('dialog[open] img.celebration-preview');
    expect(preview?.getAttribute('src')).to.match(/^\/files\/(emote|badge|panel)-[0-2]-/);
    await closeCelebration();
  });

  it('stays quiet when no milestone was crossed or it was celebrated already', async () => {
    mount(<Celebration />);
    designs = 12;
    await checkMilestones(1);
    expect(await celebrated()).to.equal(null);
    expect(crossedMilestones(10, 2, [10])).to.deep.equal([]);
    expect(crossedMilestones(101, 60, [])).to.deep.equal([50, 100]);
  });
});
