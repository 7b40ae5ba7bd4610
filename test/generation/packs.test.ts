import { expect } from 'chai';
import sharp from 'sharp';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError } from '@aurastream/contract';
import {
  connectRealtime,
  dimensionsTable,
  expectFileMatchesDimensions,
  jobOfEvent,
  pollUntil,
  type Api,
  type Dimensions,
} from './support';
import { readZip } from './zip-reader';

type Pack = Awaited<ReturnType<Api['twitch']['getPack']>>;

const expectedContents = {
  starter: ['emote', 'badge', 'panel', 'banner', 'offline_screen'],
  pro: ['emote', 'badge', 'panel', 'banner', 'offline_screen', 'overlay', 'alert', 'starting_soon', 'brb', 'ending'],
  complete: [
    'emote',
    'badge',
    'panel',
    'banner',
    'offline_screen',
    'schedule',
    'thumbnail',
    'overlay',
    'alert',
    'transition',
    'starting_soon',
    'brb',
    'ending',
    'chat_box',
  ],
} as const;

/** Where each type's files go in the zip, as a streamer uploads them. */
const zipFolders: Record<string, string> = {
  emote: 'emotes/emote',
  badge: 'badges/badge',
  panel: 'panels/panel',
  banner: 'profile/profile_banner',
  offline_screen: 'offline/offline_screen',
  schedule: 'schedule/schedule',
  thumbnail: 'thumbnails/thumbnail',
  overlay: 'overlays/overlay',
  chat_box: 'overlays/chat_box',
  alert: 'alerts/alert',
  transition: 'scenes/transition',
  starting_soon: 'scenes/starting_soon',
  brb: 'scenes/brb',
  ending: 'scenes/ending',
};

async function waitForPackEnd(api: Api, id: string): Promise<Pack> {
  return pollUntil(
    () => api.twitch.getPack({ params: { id } }),
    (pack) => !['queued', 'processing'].includes(pack.job.status),
    { timeoutMs: 90_000, what: `pack ${id} to end` },
  );
}

describe('generation: Twitch packs through the real worker', function () {
  this.timeout(120_000);
  let app: TestService;
  let table: Map<string, Dimensions>;

  before(async () => {
    app = await startTestService({ GENERATION_REQUESTS_PER_MINUTE: '1000' });
    table = await dimensionsTable((await app.createUser()).api);
  });
  after(async () => {
    await app.stop();
  });

  it('documents what each pack holds in the dimensions table', async () => {
    const { api } = await app.createUser();
    const dimensions = await api.twitch.dimensions();
    // the spec's 14 Twitch types and the channel-point reward's icon
    expect(dimensions.assetTypes).to.have.length(15);
    const rewardIcon = dimensions.assetTypes.find((entry) => entry.assetType === 'reward_icon')!;
    expect(rewardIcon.sizes.map((size) => size.label)).to.deep.equal(['112x112', '56x56', '28x28']);
    expect(rewardIcon).to.include({ format: 'png', transparent: true });
    expect(dimensions.genericAssetTypes.map((entry) => entry.assetType).sort()).to.deep.equal(
      ['overlay', 'twitch_badge', 'twitch_banner', 'twitch_emote', 'youtube_thumbnail'].sort(),
    );
    const emote = dimensions.assetTypes.find((entry) => entry.assetType === 'emote')!;
    expect(emote.sizes.map((size) => size.label)).to.deep.equal(['112x112', '56x56', '28x28']);
    expect(emote).to.include({ format: 'png', transparent: true, maxBytes: 1024 * 1024 });
    expect(Object.fromEntries(dimensions.packs.map((pack) => [pack.packType, pack.assetTypes]))).to.deep.equal(
      expectedContents,
    );
  });

  for (const packType of ['starter', 'pro', 'complete'] as const) {
    it(`makes a ${packType} pack: a parent job, one item per type, every file as Twitch wants it, and a zip`, async () => {
      const { api, accessToken, user } = await app.createUser({ tier: 'studio' });
      const realtime = await connectRealtime(app.url, accessToken);
      try {
        const created = await api.twitch.createPack({ body: { packType, customPrompt: 'neon fox gaming' } });
        expect(created.packType).to.equal(packType);
        expect(created.job).to.include({ jobType: 'pack', assetType: 'twitch_pack', packType, status: 'queued' });
        expect(created.items.map((item) => item.assetType)).to.deep.equal(expectedContents[packType]);
        expect(created.items.every((item) => item.job.parentJobId === created.job.id)).to.equal(true);
        expect(created.job.totalAssets).to.equal(created.items.reduce((sum, item) => sum + item.job.totalAssets, 0));
        expect(created.downloadUrl).to.equal(null);

        const pack = await waitForPackEnd(api, created.job.id);
        expect(pack.job).to.include({ status: 'completed', failedAssets: 0, progress: 100 });
        expect(pack.job.completedAssets).to.equal(pack.job.totalAssets);
        expect(pack.job.startedAt).to.be.a('string');
        expect(pack.job.completedAt).to.be.a('string');
        await realtime.waitFor('job.completed', (payload) => jobOfEvent(payload).id === created.job.id);

        const seenTypes = new Set<string>();
        for (const item of pack.items) {
          expect(item.job.status, item.assetType).to.equal('completed');
          expect(item.assets).to.have.length(table.get(item.assetType)!.sizes.length);
          for (const asset of item.assets) {
            await expectFileMatchesDimensions(asset, table);
            expect(asset.generationParams.packType).to.equal(packType);
            seenTypes.add(asset.assetType);
          }
        }
        expect([...seenTypes].sort()).to.deep.equal([...expectedContents[packType]].sort());

        // the pack counts one asset per type against the month
        const usage = await app.service.container.users.findById(user.id);
        expect(usage?.assets_generated_this_month).to.equal(expectedContents[packType].length);

        // the parent is listed, its items only on request
        const listed = await api.generation.listJobs({ query: {} });
        expect(listed.jobs.map((job) => job.id)).to.deep.equal([created.job.id]);
        const items = await api.generation.listJobs({ query: { parentJobId: created.job.id, limit: 100 } });
        expect(items.jobs).to.have.length(expectedContents[packType].length);
        const allAssets = await api.generation.getJobAssets({ params: { id: created.job.id } });
        expect(allAssets.assets).to.have.length(pack.job.totalAssets);

        expect(pack.downloadUrl).to.equal(`/api/v1/twitch/packs/${created.job.id}/download`);
        const response = await fetch(`${app.url}${pack.downloadUrl}`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        expect(response.status).to.equal(200);
        expect(response.headers.get('content-type')).to.equal('application/zip');
        expect(response.headers.get('content-disposition')).to.match(
          new RegExp(`^attachment; filename="aurastream-${packType}-pack-[0-9a-f]{8}\\.zip"$`),
        );
        const entries = readZip(Buffer.from(await response.arrayBuffer()));
        const expectedNames = pack.items.flatMap((item) =>
          table.get(item.assetType)!.sizes.map((size) => `${zipFolders[item.assetType]}_${size.label}.png`),
        );
        expect(entries.map((entry) => entry.name).sort()).to.deep.equal([...expectedNames, 'README.txt'].sort());
        const emote28 = entries.find((entry) => entry.name === 'emotes/emote_28x28.png')!;
        expect(await sharp(emote28.data).metadata()).to.include({ width: 28, height: 28, format: 'png' });
        const readme = entries.find((entry) => entry.name === 'README.txt')!.data.toString('utf8');
        expect(readme).to.include('Creator Dashboard → Viewer Rewards → Emotes');
      } finally {
        realtime.close();
      }
    });
  }

  it('hides packs from other users, and a single job is not a pack', async () => {
    const { api } = await app.createUser({ tier: 'pro' });
    const created = await api.twitch.createPack({ body: { packType: 'starter' } });
    const other = await app.createUser();
    for (const call of [
      other.api.twitch.getPack({ params: { id: created.job.id } }),
      other.api.twitch.downloadPack({ params: { id: created.job.id } }),
    ]) {
      const error = await call.then(
        () => null,
        (failure: unknown) => failure,
      );
      expect(error).to.be.instanceOf(ApiError);
      expect((error as ApiError).status).to.equal(404);
    }
    // a single job is not a pack
    const single = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'gg' } });
    const notPack = await api.twitch.getPack({ params: { id: single.id } }).then(
      () => null,
      (failure: unknown) => failure as ApiError,
    );
    expect(notPack?.code).to.equal('pack_not_found');
    await waitForPackEnd(api, created.job.id);
  });
});
