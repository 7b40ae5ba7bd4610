import { expect } from 'chai';
import { startTestService, testLogger, type TestService } from '@aurastream/service/testing';
import { ApiError } from '@aurastream/contract';
import { startService } from '../../service/src/server';
import { waitForJobEnd, waitForWorkerToLetGo } from './support';

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) {
    throw new Error(`expected an ApiError, got ${String(error)}`);
  }
  return error;
}

/**
 * With no worker running, jobs stay `queued`: quota and cancellation are checked at rest, then a
 * worker is started where a test needs one.
 */
describe('generation: monthly quota and cancellation', function () {
  this.timeout(60_000);
  let app: TestService;

  before(async () => {
    app = await startTestService({
      RUN_WORKER: 'false',
      MONTHLY_ASSET_LIMITS: 'free:3,pro:200,studio:1000',
      GENERATION_REQUESTS_PER_MINUTE: '1000',
    });
  });
  after(async () => {
    await app.stop();
  });

  it('counts designs against the tier’s month and answers 403 monthly_quota_exceeded past it', async () => {
    const { api, user } = await app.createUser();
    await api.generation.generate({ body: { assetType: 'twitch_emote', customPrompt: 'one', variations: 2 } });
    const refused = await failure(
      api.generation.generate({ body: { assetType: 'twitch_emote', customPrompt: 'two', variations: 2 } }),
    );
    expect(refused.status).to.equal(403);
    expect(refused.code).to.equal('monthly_quota_exceeded');
    const month = new Date().toISOString().slice(0, 7);
    expect(refused.details).to.deep.include({ tier: 'free', limit: 3, used: 2, requested: 2, remaining: 1, month });
    expect(Date.parse((refused.details as { resets_at: string }).resets_at)).to.be.greaterThan(Date.now());

    await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'three' } });
    const packRefused = await failure(api.twitch.createPack({ body: { packType: 'starter' } }));
    expect(packRefused.code).to.equal('monthly_quota_exceeded');
    expect(packRefused.details).to.deep.include({ used: 3, requested: 5, remaining: 0 });
    const usage = await app.service.container.users.findById(user.id);
    expect(usage?.assets_generated_this_month).to.equal(3);
    expect((await api.generation.listJobs({ query: {} })).jobs).to.have.length(2);
  });

  it('gives the month a fresh start when a new month begins', async () => {
    const { api, user } = await app.createUser();
    await app.service.container.users.update(user.id, { usage_month: '2000-01', assets_generated_this_month: 3 });
    await api.generation.generate({ body: { assetType: 'overlay', customPrompt: 'frame', variations: 3 } });
    const usage = await app.service.container.users.findById(user.id);
    expect(usage).to.include({ assets_generated_this_month: 3, usage_month: new Date().toISOString().slice(0, 7) });
  });

  it('cancels a queued job: the quota comes back, a second cancel is a conflict, and no worker makes it later', async () => {
    const { api, user } = await app.createUser();
    const queued = await api.twitch.generate({
      body: { assetType: 'emote', customPrompt: 'never mind', variations: 3 },
    });
    const cancelled = await api.generation.cancelJob({ params: { id: queued.id } });
    expect(cancelled).to.include({ status: 'cancelled', completedAssets: 0, startedAt: null });
    expect(cancelled.completedAt).to.be.a('string');
    expect((await app.service.container.users.findById(user.id))?.assets_generated_this_month).to.equal(0);

    const again = await failure(api.generation.cancelJob({ params: { id: queued.id } }));
    expect(again.status).to.equal(409);
    expect(again.code).to.equal('job_not_cancellable');

    const worker = await startService(app.service.config, {
      runWorker: true,
      serveHttp: false,
      logger: testLogger('worker'),
    });
    try {
      await waitForWorkerToLetGo(app, queued.id);
    } finally {
      await worker.stop();
    }
    expect(await api.generation.getJob({ params: { id: queued.id } })).to.include({
      status: 'cancelled',
      startedAt: null,
    });
    expect((await api.generation.getJobAssets({ params: { id: queued.id } })).assets).to.deep.equal([]);
  });

  it('refuses the zip of an unfinished pack, and cancelling the pack cancels every item', async () => {
    const { api, accessToken, user } = await app.createUser({ tier: 'pro' });
    const pack = await api.twitch.createPack({ body: { packType: 'starter', customPrompt: 'cozy' } });
    const download = await fetch(`${app.url}/api/v1/twitch/packs/${pack.job.id}/download`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(download.status).to.equal(409);
    const body = (await download.json()) as { error: { code: string; details: { status: string } } };
    expect(body.error.code).to.equal('pack_not_ready');
    expect(body.error.details.status).to.equal('queued');
    expect((await app.service.container.users.findById(user.id))?.assets_generated_this_month).to.equal(5);

    const cancelled = await api.generation.cancelJob({ params: { id: pack.job.id } });
    expect(cancelled).to.include({ status: 'cancelled', jobType: 'pack' });
    const after = await api.twitch.getPack({ params: { id: pack.job.id } });
    expect(after.items.map((item) => item.job.status)).to.deep.equal(Array(5).fill('cancelled'));
    expect(after.downloadUrl).to.equal(null);
    expect((await app.service.container.users.findById(user.id))?.assets_generated_this_month).to.equal(0);
  });

  it('cancelling one item of a pack leaves the rest to finish, and the pack completes with what was made', async () => {
    const { api, user } = await app.createUser({ tier: 'pro' });
    const pack = await api.twitch.createPack({ body: { packType: 'starter' } });
    const badge = pack.items.find((item) => item.assetType === 'badge')!;
    await api.generation.cancelJob({ params: { id: badge.job.id } });

    const worker = await startService(app.service.config, {
      runWorker: true,
      serveHttp: false,
      logger: testLogger('worker'),
    });
    try {
      const parent = await waitForJobEnd(api, pack.job.id);
      expect(parent.status).to.equal('completed');
      const done = await api.twitch.getPack({ params: { id: pack.job.id } });
      expect(done.items.map((item) => [item.assetType, item.job.status])).to.deep.equal([
        ['emote', 'completed'],
        ['badge', 'cancelled'],
        ['panel', 'completed'],
        ['banner', 'completed'],
        ['offline_screen', 'completed'],
      ]);
      expect(done.job.completedAssets).to.equal(3 + 1 + 1 + 1);
      expect(done.items.find((item) => item.assetType === 'badge')!.assets).to.deep.equal([]);
    } finally {
      await worker.stop();
    }
    expect((await app.service.container.users.findById(user.id))?.assets_generated_this_month).to.equal(4);
  });
});
