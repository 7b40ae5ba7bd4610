import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createAuraStreamClient } from '@aurastream/contract';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { findFreePort } from '../../service/src/db/free-port';
import { startFakeOpenAIImages, type FakeOpenAIImages } from '../fakes/openai-images';
import { connectRealtime, pollUntil, waitForJobEnd } from '../generation/support';
import { scrape, valueOf, type Sample } from './prometheus';

const METRICS_TOKEN = `metrics-${randomUUID()}`;
const RENDER_JOB = 'generation.render-job';

describe('Prometheus metrics', function () {
  this.timeout(60_000);
  let fake: FakeOpenAIImages;
  let app: TestService;
  let metricsPort: number;
  const metrics = (): Promise<Sample[]> => scrape(`${app.url}/metrics`, METRICS_TOKEN);

  before(async () => {
    fake = await startFakeOpenAIImages();
    metricsPort = await findFreePort();
    app = await startTestService(
      {
        METRICS_TOKEN,
        METRICS_PORT: String(metricsPort),
        OPENAI_API_KEY: fake.apiKey,
        OPENAI_BASE_URL: fake.baseUrl,
        JOB_MAX_RETRIES: '0',
        LOG_LEVEL: 'info',
        // the coach's words come slowly enough to look at a stream while it is open
        COACH_OFFLINE_TOKEN_DELAY_MS: '40',
      },
      { captureLogs: true },
    );
  });
  after(async () => {
    await app.stop();
    await fake.stop();
  });
  afterEach(() => fake.mode('ok'));

  it('answers /metrics on the service port only with the metrics token', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).to.equal(401);
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).to.equal(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
    const right = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(right.status).to.equal(200);
    expect(right.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    expect(await right.text()).to.include('aurastream_http_request_duration_seconds_bucket');
  });

  it('serves the same metrics on METRICS_PORT, and nothing else there', async () => {
    const url = `http://127.0.0.1:${metricsPort}`;
    expect(app.service.metricsUrl).to.equal(`${url}/metrics`);
    expect((await fetch(`${url}/metrics`)).status, 'the token is asked there too').to.equal(401);
    expect(valueOf(await scrape(`${url}/metrics`, METRICS_TOKEN), 'process_cpu_user_seconds_total')).to.be.above(0);
    expect((await fetch(`${url}/api/v1/brand-kits`)).status).to.equal(404);
  });

  it("labels request latency with the contract's route template, never the URL", async () => {
    const { api } = await app.createUser();
    // the registry is the process's: other suites' services may have counted other methods on this route
    const missingAssetReads = (samples: Sample[]) =>
      valueOf(samples, 'aurastream_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/assets/{id}',
        status: '404',
      });
    const before = missingAssetReads(await metrics());
    const missing = randomUUID();
    await api.assets.get({ params: { id: missing } }).catch(() => undefined);
    await api.assets.get({ params: { id: randomUUID() } }).catch(() => undefined);
    const counted = (samples: Sample[]) => missingAssetReads(samples) - before;
    // a request is timed once its response has been handed to the socket, which may be just after
    // the client has read it
    const after = await pollUntil(metrics, (samples) => counted(samples) >= 2, { what: 'both requests to be timed' });
    expect(counted(after)).to.equal(2);
    expect(after.some((sample) => Object.values(sample.labels).some((value) => value.includes(missing)))).to.equal(
      false,
    );
  });

  it('times job runs per type, reports the queue per type, and counts generation failures by reason', async () => {
    const { api } = await app.createUser();
    const before = await metrics();
    const succeeded = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'metrics ok' } });
    expect((await waitForJobEnd(api, succeeded.id)).status).to.equal('completed');
    fake.mode('content_policy');
    const refused = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'metrics refused' } });
    expect((await waitForJobEnd(api, refused.id)).status).to.equal('failed');

    const after = await pollUntil(
      metrics,
      (samples) =>
        valueOf(samples, 'aurastream_job_duration_seconds_count', { type: RENDER_JOB }) -
          valueOf(before, 'aurastream_job_duration_seconds_count', { type: RENDER_JOB }) >=
        2,
      { what: 'both runs to be timed' },
    );
    const runs = (outcome: string, samples: Sample[]) =>
      valueOf(samples, 'aurastream_job_duration_seconds_count', { type: RENDER_JOB, outcome });
    expect(runs('success', after) - runs('success', before)).to.equal(2);
    const refusals = (samples: Sample[]) =>
      valueOf(samples, 'aurastream_generation_failures_total', { reason: 'image_provider_refused' });
    expect(refusals(after) - refusals(before)).to.equal(1);
    const depth = after.filter(
      (sample) => sample.name === 'aurastream_job_queue_depth' && sample.labels.type === RENDER_JOB,
    );
    expect(depth.map((sample) => sample.labels.state).sort()).to.deep.equal(['running', 'waiting']);
  });

  it('reports the jobs waiting in the shared queue for a worker', async () => {
    // a service that only enqueues (a separate worker would run its jobs): the job waits
    const enqueuer = await startTestService({ RUN_WORKER: 'false', METRICS_TOKEN });
    try {
      const waiting = async () =>
        valueOf(await scrape(`${enqueuer.url}/metrics`, METRICS_TOKEN), 'aurastream_job_queue_depth', {
          type: RENDER_JOB,
          state: 'waiting',
        });
      const before = await waiting();
      const { api } = await enqueuer.createUser();
      await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'waits for a worker' } });
      expect(await waiting()).to.equal(before + 1);
    } finally {
      await enqueuer.stop();
    }
  });

  it('counts open socket.io connections', async () => {
    const { accessToken } = await app.createUser();
    const open = async () => valueOf(await metrics(), 'aurastream_socketio_connections_open');
    const before = await open();
    const client = await connectRealtime(app.url, accessToken);
    expect(await open()).to.equal(before + 1);
    client.close();
    expect(await pollUntil(open, (count) => count === before, { what: 'the socket to close' })).to.equal(before);
  });

  it('counts open server-sent event streams (the Prompt Coach)', async () => {
    const { accessToken } = await app.createUser({ tier: 'studio' });
    const open = async () => valueOf(await metrics(), 'aurastream_sse_streams_open');
    const before = await open();
    const response = await fetch(`${app.url}/api/v1/coach/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ asset_type: 'twitch_emote', description: 'my orange cat raging at the screen' }),
    });
    expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reader = response.body?.getReader();
    await reader?.read();
    expect(await open()).to.equal(before + 1);
    while (!(await reader?.read())?.done) {
      // the rest of the turn
    }
    expect(await pollUntil(open, (count) => count === before, { what: 'the stream to close' })).to.equal(before);
  });

  it("writes the request id of the request that enqueued a job on the job's log lines", async () => {
    const { accessToken } = await app.createUser();
    const requestId = `req-${randomUUID()}`;
    const api = createAuraStreamClient({
      baseUrl: app.url,
      getAccessToken: () => accessToken,
      headers: () => ({ 'x-request-id': requestId }),
    });
    fake.mode('content_policy');
    const queued = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'traced prompt' } });
    await waitForJobEnd(api, queued.id);
    const jobLines = (app.logs?.records() ?? []).filter((line) => line.msg === 'a variation failed to render');
    const traced = jobLines.find((line) => line.jobId === queued.id);
    expect(traced, 'the job logged its failure').to.not.equal(undefined);
    expect(traced).to.include({ request_id: requestId, job: RENDER_JOB });
  });
});
