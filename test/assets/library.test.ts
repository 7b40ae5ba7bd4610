import { createHash } from 'node:crypto';
import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import sharp from 'sharp';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError } from '@aurastream/contract';
import { pollUntil, waitForJobEnd, type Api, type Asset } from '../generation/support';
import { readZip } from '../generation/zip-reader';

const GRACE_SECONDS = 5;

async function makeAssets(
  api: Api,
  assetType: 'emote' | 'panel' | 'badge',
  options: { publish?: boolean; variations?: number } = {},
): Promise<Asset[]> {
  const queued = await api.twitch.generate({
    body: { assetType, customPrompt: `library ${assetType}`, variations: options.variations ?? 1 },
  });
  const job = await waitForJobEnd(api, queued.id);
  expect(job.status).to.equal('completed');
  const made = (await api.generation.getJobAssets({ params: { id: job.id } })).assets;
  if (!options.publish) {
    return made;
  }
  return (await api.assets.setDesignsVisibility({ body: { assetIds: made.map((asset) => asset.id), isPublic: true } }))
    .assets;
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  return promise.then(
    () => 200,
    (error: unknown) => {
      if (error instanceof ApiError) {
        return error.status;
      }
      throw error;
    },
  );
}

describe('asset library', function () {
  this.timeout(60_000);
  let app: TestService;

  before(async () => {
    app = await startTestService({
      ASSET_DELETE_GRACE_SECONDS: String(GRACE_SECONDS),
      GENERATION_REQUESTS_PER_MINUTE: '1000',
    });
  });
  after(async () => {
    await app.stop();
  });

  describe('listing', () => {
    let api: Api;
    let emotes: Asset[];
    let panel: Asset;
    let kitId: string;

    before(async () => {
      ({ api } = await app.createUser({ tier: 'pro' }));
      emotes = await makeAssets(api, 'emote');
      kitId = (await api.brandKits.create({ body: { name: 'Kit' } })).id;
      [panel] = (await makeAssets(api, 'panel')) as [Asset];
    });

    it('lists the user’s assets newest first, a page at a time', async () => {
      const all = await api.assets.list({ query: {} });
      expect(all.assets).to.have.length(4);
      expect(all.assets[0]!.id).to.equal(panel.id);
      const times = all.assets.map((asset) => Date.parse(asset.createdAt));
      expect(times).to.deep.equal([...times].sort((a, b) => b - a));
      expect(all.nextCursor).to.equal(null);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.assets.list({ query: { limit: 3, cursor } });
        seen.push(...page.assets.map((asset) => asset.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).to.deep.equal(all.assets.map((asset) => asset.id));
    });

    it('filters by asset type, job, brand kit and visibility', async () => {
      const ids = (assets: Asset[]) => assets.map((asset) => asset.id).sort();
      expect(ids((await api.assets.list({ query: { assetType: 'emote' } })).assets)).to.deep.equal(ids(emotes));
      expect(ids((await api.assets.list({ query: { jobId: emotes[0]!.jobId } })).assets)).to.deep.equal(ids(emotes));
      expect(ids((await api.assets.list({ query: { brandKitId: kitId } })).assets)).to.deep.equal([panel.id]);
      // new designs are private until published
      expect((await api.assets.list({ query: { visibility: 'private' } })).assets).to.have.length(4);
      expect((await api.assets.list({ query: { visibility: 'public' } })).assets).to.deep.equal([]);
      expect((await api.assets.list({ query: { assetType: 'badge' } })).assets).to.deep.equal([]);
    });

    it('answers one asset with the spec’s columns', async () => {
      const asset = await api.assets.get({ params: { id: panel.id } });
      expect(asset).to.include({ id: panel.id, assetType: 'panel', format: 'png', isPublic: false, brandKitId: kitId });
      expect(Object.keys(asset).sort()).to.deep.equal(
        [
          'assetType',
          'brandKitId',
          'createdAt',
          'fileSize',
          'format',
          'generationParams',
          'height',
          'id',
          'isPublic',
          'jobId',
          'promptUsed',
          'storagePath',
          'thumbnailUrl',
          'url',
          'userId',
          'viralScore',
          'width',
        ].sort(),
      );
    });

    it('keeps every asset from other users: 404 for all, and an empty list', async () => {
      const other = await app.createUser();
      expect((await other.api.assets.list({ query: {} })).assets).to.deep.equal([]);
      expect((await other.api.assets.list({ query: { jobId: panel.jobId } })).assets).to.deep.equal([]);
      for (const call of [
        other.api.assets.get({ params: { id: panel.id } }),
        other.api.assets.delete({ params: { id: panel.id }, query: {} }),
        other.api.assets.restore({ params: { id: panel.id } }),
        other.api.assets.setVisibility({ params: { id: panel.id }, body: { isPublic: true } }),
        other.api.assets.setDesignsVisibility({ body: { assetIds: [panel.id], isPublic: true } }),
      ]) {
        expect(await statusOf(call)).to.equal(404);
      }
      expect(await api.assets.get({ params: { id: panel.id } })).to.include({ isPublic: false });
      expect(await other.api.assets.summary()).to.deep.equal({ designs: 0, publishedDesigns: 0 });
    });

    it('validates ids, filters and bodies with 422', async () => {
      const { accessToken } = await app.createUser();
      const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
      for (const [method, path, body] of [
        ['GET', '/api/v1/assets/not-a-uuid', undefined],
        ['GET', '/api/v1/assets?visibility=everyone', undefined],
        ['GET', '/api/v1/assets?asset_type=sticker', undefined],
        ['GET', '/api/v1/assets?limit=500', undefined],
        ['PUT', `/api/v1/assets/${panel.id}/visibility`, { is_public: 'yes' }],
        ['POST', '/api/v1/assets/visibility', { asset_ids: [], is_public: true }],
        ['POST', '/api/v1/assets/visibility', { asset_ids: ['not-a-uuid'], is_public: true }],
        ['POST', '/api/v1/assets/visibility', { asset_ids: Array(201).fill(panel.id), is_public: true }],
      ] as const) {
        const response = await fetch(`${app.url}${path}`, { method, headers, body: body && JSON.stringify(body) });
        expect(response.status, `${method} ${path}`).to.equal(422);
      }
    });
  });

  describe('the public endpoint', () => {
    it('serves a public asset’s metadata and image without sign-in, with an ETag and 304s', async () => {
      const { api } = await app.createUser();
      const [asset] = (await makeAssets(api, 'panel', { publish: true })) as [Asset];

      const metadata = await fetch(`${app.url}/api/v1/asset/${asset.id}`);
      expect(metadata.status).to.equal(200);
      expect(metadata.headers.get('cache-control')).to.equal('public, max-age=300');
      const etag = metadata.headers.get('etag');
      expect(etag).to.match(/^"[\w-]+"$/);
      const body = (await metadata.json()) as Record<string, unknown>;
      expect(body).to.include({ id: asset.id, asset_type: 'panel', width: 320, height: 160, ai_generated: false });
      expect(body.image_url).to.equal(`${app.url}/api/v1/asset/${asset.id}/image`);
      for (const hidden of ['user_id', 'job_id', 'storage_path', 'prompt_used', 'url']) {
        expect(body, hidden).to.not.have.property(hidden);
      }
      const revalidated = await fetch(`${app.url}/api/v1/asset/${asset.id}`, { headers: { 'if-none-match': etag! } });
      expect(revalidated.status).to.equal(304);
      expect(revalidated.headers.get('etag')).to.equal(etag);

      const image = await fetch(body.image_url as string);
      expect(image.status).to.equal(200);
      expect(image.headers.get('content-type')).to.equal('image/png');
      const bytes = Buffer.from(await image.arrayBuffer());
      expect(bytes.length).to.equal(asset.fileSize);
      const sha = createHash('sha256').update(bytes).digest('hex');
      expect(image.headers.get('etag')).to.equal(`"${sha}"`);
      const imageAgain = await fetch(body.image_url as string, { headers: { 'if-none-match': `W/"${sha}", "other"` } });
      expect(imageAgain.status).to.equal(304);
      expect(await imageAgain.arrayBuffer()).to.have.property('byteLength', 0);
    });

    it('answers the same 404 for a private, a deleted and a missing asset', async () => {
      const { api } = await app.createUser();
      const [made, deleted] = [...(await makeAssets(api, 'badge', { publish: true }))] as [Asset, Asset, Asset];
      const privateAsset = await api.assets.setVisibility({ params: { id: made.id }, body: { isPublic: false } });
      expect(privateAsset.isPublic).to.equal(false);
      await api.assets.delete({ params: { id: deleted.id }, query: {} });

      const answers = [];
      for (const id of [made.id, deleted.id, '3f1c2b9a-6d8e-4f7a-9b0c-1d2e3f4a5b6c']) {
        for (const path of [`/api/v1/asset/${id}`, `/api/v1/asset/${id}/image`]) {
          const response = await fetch(`${app.url}${path}`);
          const payload = (await response.json()) as { error: Record<string, unknown> };
          answers.push({
            status: response.status,
            etag: response.headers.get('etag'),
            cacheControl: response.headers.get('cache-control'),
            error: payload.error,
          });
        }
      }
      expect(answers.map((answer) => answer.status)).to.deep.equal(Array(6).fill(404));
      // nothing tells a private asset from a missing one: same body, same headers
      expect(new Set(answers.map((answer) => JSON.stringify({ ...answer, status: 0 }))).size).to.equal(1);

      // back to public: served again
      await api.assets.setVisibility({ params: { id: made.id }, body: { isPublic: true } });
      expect((await fetch(`${app.url}/api/v1/asset/${made.id}`)).status).to.equal(200);
    });
  });

  describe('publication', () => {
    it('publishes whole designs in one action, from any of their files, and in bulk', async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      const emotes = await makeAssets(api, 'emote', { variations: 2 });
      const [panelFile] = (await makeAssets(api, 'panel')) as [Asset];
      const variation = (n: number) => emotes.filter((file) => file.generationParams.variation === n);
      const ids = (assets: Asset[]) => assets.map((asset) => asset.id).sort();

      const published = await api.assets.setDesignsVisibility({
        body: { assetIds: [variation(1)[2]!.id, panelFile.id], isPublic: true },
      });
      expect(ids(published.assets)).to.deep.equal(ids([...variation(1), panelFile]));
      expect(ids((await api.assets.list({ query: { visibility: 'public' } })).assets)).to.deep.equal(
        ids([...variation(1), panelFile]),
      );
      expect(ids((await api.assets.list({ query: { visibility: 'private' } })).assets)).to.deep.equal(
        ids(variation(2)),
      );
      expect(await api.assets.summary()).to.deep.equal({ designs: 3, publishedDesigns: 2 });

      // private again: every size moves to a new address, so a link shared meanwhile stops working
      const hidden = await api.assets.setDesignsVisibility({
        body: { assetIds: [variation(1)[0]!.id], isPublic: false },
      });
      expect(ids(hidden.assets)).to.deep.equal(ids(variation(1)));
      for (const file of hidden.assets) {
        const before = variation(1).find((made) => made.id === file.id)!;
        expect(file.isPublic).to.equal(false);
        expect(file.url).to.not.equal(before.url);
        expect((await fetch(new URL(before.url, app.url))).status).to.equal(404);
        expect((await fetch(new URL(file.url, app.url))).status).to.equal(200);
      }
      expect(await api.assets.summary()).to.deep.equal({ designs: 3, publishedDesigns: 1 });
    });

    it('changes nothing when any id is not one of the user’s live assets', async () => {
      const { api } = await app.createUser();
      const [mine] = (await makeAssets(api, 'panel')) as [Asset];
      const other = await app.createUser();
      const [theirs] = (await makeAssets(other.api, 'panel')) as [Asset];
      const refused = await api.assets
        .setDesignsVisibility({ body: { assetIds: [mine.id, theirs.id], isPublic: true } })
        .then(
          () => null,
          (error: unknown) => error as ApiError,
        );
      expect(refused?.status).to.equal(404);
      expect(refused?.code).to.equal('asset_not_found');
      expect(refused?.details).to.deep.equal({ missing: [theirs.id] });
      expect(await api.assets.get({ params: { id: mine.id } })).to.include({ isPublic: false });
      expect(await other.api.assets.get({ params: { id: theirs.id } })).to.include({ isPublic: false });
    });

    it('counts designs, not files, of every type; deleted ones drop out', async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      expect(await api.assets.summary()).to.deep.equal({ designs: 0, publishedDesigns: 0 });
      const emotes = await makeAssets(api, 'emote', { variations: 3 });
      const badges = await makeAssets(api, 'badge', { publish: true });
      await makeAssets(api, 'panel');
      expect(emotes).to.have.length(9);
      expect(await api.assets.summary()).to.deep.equal({ designs: 5, publishedDesigns: 1 });
      for (const file of badges) {
        await api.assets.delete({ params: { id: file.id }, query: {} });
      }
      expect(await api.assets.summary()).to.deep.equal({ designs: 4, publishedDesigns: 0 });
    });
  });

  it('counts a library of emotes and badges past 100 files: the 50th design is the 50th', async function () {
    this.timeout(120_000);
    const { api } = await app.createUser({ tier: 'pro' });
    // 13 generations of 4 variations, 3 files each: 52 designs in 156 files
    const queued = [];
    for (let index = 0; index < 13; index += 1) {
      queued.push(
        await api.twitch.generate({
          body: { assetType: index % 2 === 0 ? 'emote' : 'badge', customPrompt: `milestone ${index}`, variations: 4 },
        }),
      );
    }
    for (const job of queued) {
      expect((await waitForJobEnd(api, job.id)).status).to.equal('completed');
    }
    const files = (await api.assets.list({ query: { limit: 100 } })).nextCursor;
    expect(files, 'more than one page of files').to.not.equal(null);
    expect(await api.assets.summary()).to.deep.equal({ designs: 52, publishedDesigns: 0 });
  });

  describe('downloads', () => {
    it('zips every size of one design, with where to upload it and each file beside the upload limit', async () => {
      const { api, accessToken } = await app.createUser();
      const badges = await makeAssets(api, 'badge', { variations: 2 });
      const second = badges.filter((file) => file.generationParams.variation === 2);
      const response = await fetch(`${app.url}/api/v1/assets/${second[1]!.id}/download`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('application/zip');
      expect(response.headers.get('content-disposition')).to.match(
        /^attachment; filename="aurastream-badge-.+-v2\.zip"$/,
      );
      const entries = readZip(Buffer.from(await response.arrayBuffer()));
      expect(entries.map((entry) => entry.name)).to.deep.equal([
        'badge_72x72.png',
        'badge_36x36.png',
        'badge_18x18.png',
        'README.txt',
      ]);
      for (const file of second) {
        const entry = entries.find((candidate) => candidate.name === `badge_${file.width}x${file.height}.png`)!;
        expect(createHash('sha256').update(entry.data).digest('hex')).to.equal(file.generationParams.sha256);
      }
      const readme = entries.at(-1)!.data.toString('utf8');
      expect(readme).to.include('Upload to: Creator Dashboard → Viewer Rewards → Subscriptions → Loyalty Badges');
      expect(readme).to.include("Twitch's upload limit: 25 KB per file");
      expect(readme).to.match(/badge_18x18\.png {2}\(\d+ KB\)/);

      const other = await app.createUser();
      const refused = await fetch(`${app.url}/api/v1/assets/${second[0]!.id}/download`, {
        headers: { authorization: `Bearer ${other.accessToken}` },
      });
      expect(refused.status).to.equal(404);
    });

    it('keeps the streamer’s own words beside the prompt composed for the renderer', async () => {
      const { api } = await app.createUser();
      const [emote] = (await makeAssets(api, 'emote')) as [Asset];
      expect(emote.generationParams.requestPrompt).to.equal('library emote');
      expect(emote.promptUsed).to.not.equal('library emote');
      const pack = await api.twitch.createPack({ body: { packType: 'starter' } });
      const ended = await pollUntil(
        () => api.twitch.getPack({ params: { id: pack.job.id } }),
        (current) => !['queued', 'processing'].includes(current.job.status),
      );
      const item = ended.items.flatMap((entry) => entry.assets)[0]!;
      expect(item.generationParams.requestPrompt, 'a pack without a theme').to.equal(null);
    });
  });

  describe('visibility', () => {
    const fileOf = (asset: Asset) => fetch(new URL(asset.url, app.url));

    it('moves the file of an asset made private, so a link shared while it was public stops working', async () => {
      const { api } = await app.createUser();
      const [emote] = (await makeAssets(api, 'emote', { publish: true })) as [Asset];
      const shared = await fileOf(emote);
      expect(shared.status).to.equal(200);
      const bytes = Buffer.from(await shared.arrayBuffer());

      const hidden = await api.assets.setVisibility({ params: { id: emote.id }, body: { isPublic: false } });
      expect(hidden.isPublic).to.equal(false);
      expect(hidden.url).to.not.equal(emote.url);
      expect(hidden.storagePath).to.not.equal(emote.storagePath);
      expect((await fileOf(emote)).status, 'the old link').to.equal(404);
      const moved = await fileOf(hidden);
      expect(moved.status, 'the owner’s new link').to.equal(200);
      expect(Buffer.from(await moved.arrayBuffer()).equals(bytes)).to.equal(true);
      expect(await api.assets.get({ params: { id: emote.id } })).to.deep.equal(hidden);

      // already private: nothing moves; public again: the file stays where it is
      const again = await api.assets.setVisibility({ params: { id: emote.id }, body: { isPublic: false } });
      expect(again.url).to.equal(hidden.url);
      const shown = await api.assets.setVisibility({ params: { id: emote.id }, body: { isPublic: true } });
      expect(shown.url).to.equal(hidden.url);
      expect((await fileOf(shown)).status).to.equal(200);
    });

    it('shows large designs from a WebP thumbnail that moves with the file when made private', async () => {
      const { api } = await app.createUser();
      const queued = await api.twitch.generate({ body: { assetType: 'offline_screen', customPrompt: 'neon city' } });
      await waitForJobEnd(api, queued.id);
      const [screen] = (await api.generation.getJobAssets({ params: { id: queued.id } })).assets as [Asset];
      expect(screen).to.include({ width: 1920, height: 1080 });
      const thumbnail = await fetch(new URL(screen.thumbnailUrl!, app.url));
      expect(thumbnail.headers.get('content-type')).to.equal('image/webp');
      const pixels = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
      expect([pixels.format, pixels.width, pixels.height]).to.deep.equal(['webp', 480, 270]);
      expect(Number(thumbnail.headers.get('content-length'))).to.be.below(screen.fileSize! / 10);

      const [published] = (await api.assets.setDesignsVisibility({ body: { assetIds: [screen.id], isPublic: true } }))
        .assets as [Asset];
      const [hidden] = (await api.assets.setDesignsVisibility({ body: { assetIds: [screen.id], isPublic: false } }))
        .assets as [Asset];
      expect(hidden.thumbnailUrl).to.not.equal(published.thumbnailUrl);
      expect((await fetch(new URL(published.thumbnailUrl!, app.url))).status, 'the old thumbnail').to.equal(404);
      expect((await fetch(new URL(hidden.thumbnailUrl!, app.url))).status).to.equal(200);

      // small files are their own thumbnail
      const [emote] = (await makeAssets(api, 'emote')) as [Asset];
      expect(emote.thumbnailUrl).to.equal(null);
      // deleting for good takes the thumbnail too
      await api.assets.delete({ params: { id: screen.id }, query: { permanent: 'true' } });
      expect((await fetch(new URL(hidden.thumbnailUrl!, app.url))).status).to.equal(404);
    });

    it('leaves the file in place when the asset is deleted meanwhile', async () => {
      const { api } = await app.createUser();
      const [badge] = (await makeAssets(api, 'badge')) as [Asset];
      await api.assets.delete({ params: { id: badge.id }, query: {} });
      expect(
        await statusOf(api.assets.setVisibility({ params: { id: badge.id }, body: { isPublic: false } })),
      ).to.equal(404);
      const restored = await api.assets.restore({ params: { id: badge.id } });
      expect(restored.url).to.equal(badge.url);
      expect((await fileOf(restored)).status).to.equal(200);
    });
  });

  describe('deletion', () => {
    it('hides a deleted asset at once and restores it during the undo period', async () => {
      const { api } = await app.createUser();
      const [asset] = (await makeAssets(api, 'panel')) as [Asset];
      const deletion = await api.assets.delete({ params: { id: asset.id }, query: {} });
      expect(deletion.id).to.equal(asset.id);
      expect(Date.parse(deletion.restorableUntil!) - Date.parse(deletion.deletedAt)).to.equal(GRACE_SECONDS * 1000);
      expect(await statusOf(api.assets.get({ params: { id: asset.id } }))).to.equal(404);
      expect((await api.assets.list({ query: {} })).assets).to.deep.equal([]);
      expect((await api.generation.getJobAssets({ params: { id: asset.jobId } })).assets).to.deep.equal([]);
      expect(await statusOf(api.assets.delete({ params: { id: asset.id }, query: {} }))).to.equal(404);

      const restored = await api.assets.restore({ params: { id: asset.id } });
      expect(restored).to.deep.equal(asset);
      expect((await fetch(asset.url)).status).to.equal(200);
      expect(await statusOf(api.assets.restore({ params: { id: asset.id } }))).to.equal(404);
    });

    it('removes the row and the file once the undo period is over', async () => {
      const { api } = await app.createUser();
      const [asset] = (await makeAssets(api, 'panel')) as [Asset];
      await api.assets.delete({ params: { id: asset.id }, query: {} });
      // the purge job runs when the undo period ends
      await pollUntil(
        () => fetch(asset.url).then((response) => response.status),
        (status) => status === 404,
        { what: 'the file to be removed' },
      );
      await pollUntil(
        () => app.service.infra.mongo.connection.db!.collection('assets').countDocuments({ _id: asset.id as never }),
        (count) => count === 0,
        { what: 'the row to be removed' },
      );
      expect(await statusOf(api.assets.restore({ params: { id: asset.id } }))).to.equal(404);
    });

    it('removes the row and the file at once when the deletion is permanent', async () => {
      const { api } = await app.createUser();
      const [asset] = (await makeAssets(api, 'panel')) as [Asset];
      const deletion = await api.assets.delete({ params: { id: asset.id }, query: { permanent: 'true' } });
      expect(deletion.restorableUntil).to.equal(null);
      expect((await fetch(asset.url)).status).to.equal(404);
      expect(await statusOf(api.assets.restore({ params: { id: asset.id } }))).to.equal(404);
    });

    it('deletes every job, asset and file of a deleted account', async () => {
      const password = 'correct horse battery staple 42';
      const { api, user } = await app.createUser({ passwordHash: await bcrypt.hash(password, 4) });
      const assets = await makeAssets(api, 'badge');
      const response = await api.auth.deleteMe({ body: { password } });
      expect(response).to.equal(undefined);
      const db = app.service.infra.mongo.connection.db!;
      expect(await db.collection('assets').countDocuments({ user_id: user.id })).to.equal(0);
      expect(await db.collection('generation_jobs').countDocuments({ user_id: user.id })).to.equal(0);
      for (const asset of assets) {
        expect((await fetch(asset.url)).status).to.equal(404);
        expect((await fetch(`${app.url}/api/v1/asset/${asset.id}`)).status).to.equal(404);
      }
    });
  });
});
