import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeOpenAIImages, type FakeOpenAIImages } from '../fakes/openai-images';
import { startGatedProxy, type GatedProxy } from './gated-proxy';
import {
  dimensionsTable,
  expectFileMatchesDimensions,
  pollUntil,
  waitForJobEnd,
  waitForWorkerToLetGo,
  type Dimensions,
} from './support';

const OPENAI_TIMEOUT_MS = 3000;

describe('generation: the OpenAI image path, against a fake OpenAI-compatible server', function () {
  this.timeout(60_000);
  let fake: FakeOpenAIImages;
  let gate: GatedProxy;
  let app: TestService;
  let table: Map<string, Dimensions>;

  before(async () => {
    fake = await startFakeOpenAIImages();
    gate = await startGatedProxy(fake.baseUrl, Number.POSITIVE_INFINITY);
    app = await startTestService({
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: gate.baseUrl,
      OPENAI_IMAGE_MODEL: 'gpt-image-1',
      OPENAI_TIMEOUT_MS: String(OPENAI_TIMEOUT_MS),
      JOB_MAX_RETRIES: '2',
      JOB_RETRY_BASE_MS: '50',
      GENERATION_REQUESTS_PER_MINUTE: '1000',
    });
    table = await dimensionsTable((await app.createUser()).api);
  });
  after(async () => {
    await app.stop();
    await gate.stop();
    await fake.stop();
  });
  afterEach(() => {
    fake.mode('ok');
    gate.allow(Number.POSITIVE_INFINITY);
  });

  const requestsFor = (prompt: string) =>
    fake.requests.filter((request) => typeof request.body.prompt === 'string' && request.body.prompt.includes(prompt));

  it('makes every emote size from one AI image, labelled as AI-made', async () => {
    const { api } = await app.createUser();
    const queued = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'laughing axolotl' } });
    const job = await waitForJobEnd(api, queued.id);
    expect(job).to.include({ status: 'completed', completedAssets: 3, retryCount: 0 });
    const [request] = requestsFor('laughing axolotl');
    expect(request).to.not.equal(undefined);
    expect(request!.authorization).to.equal(`Bearer ${fake.apiKey}`);
    expect(request!.body).to.include({ model: 'gpt-image-1', size: '1024x1024', background: 'transparent', n: 1 });
    const { assets } = await api.generation.getJobAssets({ params: { id: job.id } });
    expect(assets).to.have.length(3);
    for (const asset of assets) {
      await expectFileMatchesDimensions(asset, table);
      expect(asset.generationParams).to.include({ provider: 'openai', aiGenerated: true, model: 'gpt-image-1' });
      expect(asset.viralScore).to.be.within(0, 100);
    }
  });

  it('crops a wide AI image to the offline screen’s 1920x1080', async () => {
    const { api } = await app.createUser();
    const queued = await api.twitch.generate({
      body: { assetType: 'offline_screen', customPrompt: 'rainy city rooftops' },
    });
    const job = await waitForJobEnd(api, queued.id);
    expect(job.status).to.equal('completed');
    expect(requestsFor('rainy city rooftops')[0]!.body).to.include({ size: '1536x1024', background: 'opaque' });
    const { assets } = await api.generation.getJobAssets({ params: { id: job.id } });
    await expectFileMatchesDimensions(assets[0]!, table);
  });

  it('retries a failing image request with backoff and then completes, counting the retries', async () => {
    const { api } = await app.createUser();
    fake.mode('server_error', { times: 2 });
    const queued = await api.twitch.generate({ body: { assetType: 'badge', customPrompt: 'shield sigil' } });
    const job = await waitForJobEnd(api, queued.id);
    expect(job).to.include({ status: 'completed', completedAssets: 3, failedAssets: 0, retryCount: 2 });
    expect(job.errorMessage).to.equal(null);
    expect(requestsFor('shield sigil').map((request) => request.mode)).to.deep.equal([
      'server_error',
      'server_error',
      'ok',
    ]);
  });

  it('ends failed after the configured retries, and gives the quota back', async () => {
    const { api, user } = await app.createUser();
    fake.mode('server_error');
    const queued = await api.twitch.generate({
      body: { assetType: 'emote', customPrompt: 'always broken', variations: 2 },
    });
    const job = await waitForJobEnd(api, queued.id);
    expect(job).to.include({ status: 'failed', completedAssets: 0, failedAssets: 6, retryCount: 2 });
    expect(job.errorMessage).to.match(/HTTP 500/);
    expect(job.completedAt).to.be.a('string');
    // two variations per run, three runs (the first and two retries)
    expect(requestsFor('always broken')).to.have.length(6);
    expect((await api.generation.getJobAssets({ params: { id: job.id } })).assets).to.deep.equal([]);
    const usage = await app.service.container.users.findById(user.id);
    expect(usage?.assets_generated_this_month).to.equal(0);
  });

  it('fails a refused prompt at once, without retrying what cannot succeed', async () => {
    const { api } = await app.createUser();
    fake.mode('content_policy', { times: 1 });
    const queued = await api.twitch.generate({ body: { assetType: 'alert', customPrompt: 'forbidden thing' } });
    const job = await waitForJobEnd(api, queued.id);
    expect(job).to.include({ status: 'failed', retryCount: 0, failedAssets: 1 });
    expect(job.errorMessage).to.match(/refused this prompt/);
    expect(requestsFor('forbidden thing')).to.have.length(1);
  });

  it('times out a request that never answers and completes on the retry', async () => {
    const { api } = await app.createUser();
    fake.mode('hang', { times: 1 });
    const queued = await api.twitch.generate({ body: { assetType: 'panel', customPrompt: 'slow panel' } });
    const job = await waitForJobEnd(api, queued.id);
    expect(job).to.include({ status: 'completed', retryCount: 1, completedAssets: 1 });
    expect(requestsFor('slow panel').map((request) => request.mode)).to.deep.equal(['hang', 'ok']);
  });

  it('stops a job cancelled mid-way: what was made stays, nothing more is made, the rest of the quota comes back', async () => {
    const { api, user } = await app.createUser();
    gate.close();
    gate.allow(1);
    const queued = await api.twitch.generate({
      body: { assetType: 'emote', customPrompt: 'cancel me', variations: 3 },
    });
    // the first variation is made; the second image request waits at the gate
    await gate.waitForHeld(1);
    await pollUntil(
      () => api.generation.getJob({ params: { id: queued.id } }),
      (job) => job.completedAssets === 3,
    );
    const cancelled = await api.generation.cancelJob({ params: { id: queued.id } });
    expect(cancelled).to.include({ status: 'cancelled', completedAssets: 3 });
    expect(cancelled.completedAt).to.be.a('string');
    await waitForWorkerToLetGo(app, queued.id);
    gate.allow(Number.POSITIVE_INFINITY);

    const job = await api.generation.getJob({ params: { id: queued.id } });
    expect(job).to.include({ status: 'cancelled', completedAssets: 3 });
    const { assets } = await api.generation.getJobAssets({ params: { id: queued.id } });
    expect(assets.map((asset) => asset.generationParams.variation)).to.deep.equal([1, 1, 1]);
    // three designs were reserved, one was made
    const usage = await app.service.container.users.findById(user.id);
    expect(usage?.assets_generated_this_month).to.equal(1);
    const again = await fetch(`${app.url}/api/v1/jobs/${queued.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await app.createUser()).accessToken}` },
    });
    expect(again.status).to.equal(404);
  });
});
