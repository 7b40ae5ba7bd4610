import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError } from '@aurastream/contract';
import {
  connectRealtime,
  dimensionsTable,
  expectFileMatchesDimensions,
  jobOfEvent,
  pollUntil,
  waitForJobEnd,
  type Dimensions,
} from './support';

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('generation: a single job through the real worker', () => {
  let app: TestService;
  let table: Map<string, Dimensions>;

  before(async () => {
    app = await startTestService({ GENERATION_REQUESTS_PER_MINUTE: '1000' });
    table = await dimensionsTable((await app.createUser()).api);
  });
  after(async () => {
    await app.stop();
  });

  it('answers 202 with the queued job at once, then runs it to completed, pushing progress over socket.io', async () => {
    const { api, accessToken, user } = await app.createUser({ tier: 'pro' });
    const realtime = await connectRealtime(app.url, accessToken);
    try {
      const response = await fetch(`${app.url}/api/v1/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          asset_type: 'twitch_emote',
          custom_prompt: 'hype cat',
          style_preset: 'kawaii',
          variations: 2,
        }),
      });
      expect(response.status).to.equal(202);
      const queued = (await response.json()) as Record<string, unknown>;
      expect(queued).to.include({
        status: 'queued',
        job_type: 'single',
        asset_type: 'twitch_emote',
        custom_prompt: 'hype cat',
        brand_kit_id: null,
        style_preset: 'kawaii',
        variations: 2,
        total_assets: 6,
        completed_assets: 0,
        failed_assets: 0,
        retry_count: 0,
        started_at: null,
        completed_at: null,
        error_message: null,
        user_id: user.id,
        parent_job_id: null,
      });
      const jobId = queued.id as string;

      const completedEvent = await realtime.waitFor('job.completed', (payload) => jobOfEvent(payload).id === jobId);
      expect(jobOfEvent(completedEvent)).to.include({ status: 'completed', completed_assets: 6 });
      const progressEvents = realtime.events.filter(
        (entry) => entry.event === 'job.progress' && jobOfEvent(entry.payload).id === jobId,
      );
      expect(progressEvents.map((entry) => jobOfEvent(entry.payload).status)).to.include('processing');
      const delivered = progressEvents.flatMap(
        (entry) => (entry.payload as { new_assets: { id: string }[] }).new_assets,
      );
      expect(delivered).to.have.length(6);

      const job = await waitForJobEnd(api, jobId);
      expect(job).to.include({
        status: 'completed',
        completedAssets: 6,
        failedAssets: 0,
        progress: 100,
        retryCount: 0,
      });
      expect(job.errorMessage).to.equal(null);
      expect(Date.parse(job.startedAt!)).to.be.at.least(Date.parse(job.queuedAt));
      expect(Date.parse(job.completedAt!)).to.be.at.least(Date.parse(job.startedAt!));

      const { assets } = await api.generation.getJobAssets({ params: { id: jobId } });
      expect(assets).to.have.length(6);
      expect(new Set(assets.map((asset) => asset.id)).size).to.equal(6);
      expect(assets.map((asset) => asset.id).sort()).to.deep.equal(delivered.map((asset) => asset.id).sort());
      for (const asset of assets) {
        await expectFileMatchesDimensions(asset, table);
        expect(asset).to.include({
          jobId,
          userId: user.id,
          assetType: 'twitch_emote',
          isPublic: false,
          brandKitId: null,
        });
        expect(asset.generationParams).to.include({ provider: 'builtin', aiGenerated: false, stylePreset: 'kawaii' });
        expect(asset.viralScore).to.be.within(0, 100);
        expect(asset.generationParams.legibilityExplanation).to.be.a('string').and.not.equal('');
        expect(asset.promptUsed).to.be.a('string').and.not.equal('');
      }
      const slots = assets.map((asset) => `${asset.generationParams.variation}:${asset.generationParams.sizeLabel}`);
      expect(slots.sort()).to.deep.equal(['1:112x112', '1:28x28', '1:56x56', '2:112x112', '2:28x28', '2:56x56']);

      // two designs (variations) count against the month, whatever the number of sizes
      const usage = await app.service.container.users.findById(user.id);
      expect(usage?.assets_generated_this_month).to.equal(2);
    } finally {
      realtime.close();
    }
  });

  it('makes a Twitch sub badge at 72, 36 and 18 px, each within Twitch’s 25 KB limit', async () => {
    const { api } = await app.createUser();
    const queued = await api.twitch.generate({ body: { assetType: 'badge', customPrompt: 'golden crown tier 3' } });
    expect(queued).to.include({ assetType: 'badge', variations: 1, totalAssets: 3 });
    const job = await waitForJobEnd(api, queued.id);
    expect(job.status).to.equal('completed');
    const { assets } = await api.generation.getJobAssets({ params: { id: job.id } });
    expect(assets.map((asset) => asset.generationParams.sizeLabel).sort()).to.deep.equal(['18x18', '36x36', '72x72']);
    for (const asset of assets) {
      await expectFileMatchesDimensions(asset, table);
      expect(asset.fileSize).to.be.at.most(25 * 1024);
      expect(asset.viralScore).to.be.a('number');
    }
  });

  it('styles the job with the active brand kit and records it on the job and its assets', async () => {
    const { api } = await app.createUser({ tier: 'pro' });
    const kit = await api.brandKits.create({
      body: { name: 'Neon Fox', primaryColors: ['#7C3AED', '#22D3EE'], accentColors: ['#FDE047'] },
    });
    const queued = await api.twitch.generate({ body: { assetType: 'panel', customPrompt: 'About me' } });
    expect(queued.brandKitId).to.equal(kit.id);
    const job = await waitForJobEnd(api, queued.id);
    expect(job.status).to.equal('completed');
    const { assets } = await api.generation.getJobAssets({ params: { id: job.id } });
    expect(assets).to.have.length(1);
    expect(assets[0]!.brandKitId).to.equal(kit.id);
    await expectFileMatchesDimensions(assets[0]!, table);
  });

  it('refuses a brand kit that is not the user’s with 404 and counts nothing', async () => {
    const owner = await app.createUser({ tier: 'pro' });
    const kit = await owner.api.brandKits.create({ body: { name: 'Mine' } });
    const { api, user } = await app.createUser();
    const error = await apiError(
      api.generation.generate({ body: { assetType: 'overlay', customPrompt: 'frame', brandKitId: kit.id } }),
    );
    expect(error.status).to.equal(404);
    expect(error.code).to.equal('brand_kit_not_found');
    const usage = await app.service.container.users.findById(user.id);
    expect(usage?.assets_generated_this_month ?? 0).to.equal(0);
  });

  it('validates request bodies with 422 and per-field details', async () => {
    const { accessToken } = await app.createUser();
    const post = (path: string, body: unknown) =>
      fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const cases: Array<[string, unknown, string]> = [
      ['/api/v1/generate', { asset_type: 'emote', custom_prompt: 'x' }, 'asset_type'],
      ['/api/v1/generate', { asset_type: 'twitch_emote', custom_prompt: '   ' }, 'custom_prompt'],
      ['/api/v1/generate', { asset_type: 'twitch_emote', custom_prompt: 'x', variations: 5 }, 'variations'],
      ['/api/v1/generate', { asset_type: 'twitch_emote', custom_prompt: 'x', style_preset: 'oil' }, 'style_preset'],
      ['/api/v1/generate', { asset_type: 'twitch_emote', custom_prompt: 'x', brand_kit_id: 'nope' }, 'brand_kit_id'],
      ['/api/v1/twitch/generate', { asset_type: 'twitch_emote', custom_prompt: 'x' }, 'asset_type'],
      ['/api/v1/twitch/packs', { pack_type: 'mega' }, 'pack_type'],
    ];
    for (const [path, body, field] of cases) {
      const response = await post(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).to.equal(422);
      const payload = (await response.json()) as { error: { code: string; details: Array<{ field: string }> } };
      expect(payload.error.code).to.equal('validation_failed');
      expect(payload.error.details.map((issue) => issue.field)).to.include(field);
    }
  });

  it('asks for sign-in on every generation endpoint', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['POST', '/api/v1/generate'],
      ['GET', '/api/v1/jobs'],
      ['GET', `/api/v1/jobs/${id}`],
      ['GET', `/api/v1/jobs/${id}/assets`],
      ['POST', `/api/v1/jobs/${id}/cancel`],
      ['POST', '/api/v1/twitch/generate'],
      ['POST', '/api/v1/twitch/packs'],
      ['GET', `/api/v1/twitch/packs/${id}`],
      ['GET', `/api/v1/twitch/packs/${id}/download`],
      ['GET', '/api/v1/twitch/dimensions'],
    ] as const) {
      const response = await fetch(`${app.url}${path}`, { method });
      expect(response.status, `${method} ${path}`).to.equal(401);
    }
  });

  it('hides another user’s jobs behind 404 and never lists them', async () => {
    const owner = await app.createUser();
    const job = await owner.api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'gg' } });
    const other = await app.createUser();
    for (const call of [
      other.api.generation.getJob({ params: { id: job.id } }),
      other.api.generation.getJobAssets({ params: { id: job.id } }),
      other.api.generation.cancelJob({ params: { id: job.id } }),
    ]) {
      const error = await apiError(call);
      expect(error.status).to.equal(404);
      expect(error.code).to.equal('job_not_found');
    }
    expect((await other.api.generation.listJobs({ query: {} })).jobs).to.deep.equal([]);
    await waitForJobEnd(owner.api, job.id);
  });

  it('lists jobs newest first with filters and cursor pagination', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    const ids: string[] = [];
    for (const assetType of ['emote', 'badge', 'emote'] as const) {
      ids.push((await api.twitch.generate({ body: { assetType, customPrompt: 'gg' } })).id);
    }
    const firstPage = await api.generation.listJobs({ query: { limit: 2 } });
    expect(firstPage.jobs.map((job) => job.id)).to.deep.equal([ids[2], ids[1]]);
    expect(firstPage.nextCursor).to.be.a('string');
    const secondPage = await api.generation.listJobs({ query: { limit: 2, cursor: firstPage.nextCursor! } });
    expect(secondPage.jobs.map((job) => job.id)).to.deep.equal([ids[0]]);
    expect(secondPage.nextCursor).to.equal(null);
    const emotes = await api.generation.listJobs({ query: { assetType: 'emote' } });
    expect(emotes.jobs.map((job) => job.id)).to.deep.equal([ids[2], ids[0]]);
    for (const id of ids) {
      await waitForJobEnd(api, id);
    }
    const completed = await pollUntil(
      () => api.generation.listJobs({ query: { status: 'completed' } }),
      (page) => page.jobs.length === 3,
    );
    expect(completed.jobs.every((job) => job.status === 'completed')).to.equal(true);
    const bad = await fetch(`${app.url}/api/v1/jobs?cursor=not-a-cursor`, {
      headers: { authorization: `Bearer ${(await app.createUser()).accessToken}` },
    });
    expect(bad.status).to.equal(422);
  });

  it('counts jobs and assets per asset type for analytics', async () => {
    const from = new Date();
    const { api } = await app.createUser({ tier: 'pro' });
    const overlay = await api.generation.generate({
      body: { assetType: 'overlay', customPrompt: 'frame', variations: 2 },
    });
    const badge = await api.twitch.generate({ body: { assetType: 'badge', customPrompt: 'star' } });
    await waitForJobEnd(api, overlay.id);
    await waitForJobEnd(api, badge.id);
    const counts = await app.service.container.generationStats.countByAssetType(from, new Date(Date.now() + 1000));
    expect(counts).to.deep.equal([
      { asset_type: 'badge', jobs: 1, assets: 3 },
      { asset_type: 'overlay', jobs: 1, assets: 2 },
    ]);
    expect(await app.service.container.generationStats.countByAssetType(new Date(0), from)).to.not.deep.include({
      asset_type: 'overlay',
      jobs: 1,
      assets: 2,
    });
  });

  it('refuses socket.io connections without a valid access token', async () => {
    for (const token of ['', 'not-a-jwt']) {
      const error = await connectRealtime(app.url, token).then(
        (client) => {
          client.close();
          throw new Error('connected without a valid token');
        },
        (refusal: unknown) => refusal as Error & { data?: { code?: string } },
      );
      expect(error.data?.code).to.be.oneOf(['unauthorized', 'invalid_token']);
    }
  });

  it('pushes a job’s events only to its owner', async () => {
    const owner = await app.createUser();
    const other = await app.createUser();
    const ownerSocket = await connectRealtime(app.url, owner.accessToken);
    const otherSocket = await connectRealtime(app.url, other.accessToken);
    try {
      const job = await owner.api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'pog' } });
      await ownerSocket.waitFor('job.completed', (payload) => jobOfEvent(payload).id === job.id);
      // the other user's socket is connected to the same instance and room-less for this job
      expect(otherSocket.events.filter((entry) => jobOfEvent(entry.payload).id === job.id)).to.deep.equal([]);
    } finally {
      ownerSocket.close();
      otherSocket.close();
    }
  });
});
