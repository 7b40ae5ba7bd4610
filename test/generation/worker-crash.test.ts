import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import {
  keepChildLogs,
  recordConfigSecrets,
  startTestService,
  testLogger,
  testLogLevel,
  type TestService,
} from '@aurastream/service/testing';
import { startService, type RunningService } from '../../service/src/server';
import { startFakeOpenAIImages, type FakeOpenAIImages } from '../fakes/openai-images';
import { startGatedProxy, type GatedProxy } from './gated-proxy';
import { connectRealtime, jobOfEvent, pollUntil, waitForJobEnd } from './support';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCK_LIFETIME_MS = '1500';

/** `npm run worker` as its own process, joined to the test service's database, Redis and files. */
function spawnWorker(
  app: TestService,
  openaiBaseUrl: string,
  apiKey: string,
): { child: ChildProcess; output: () => string } {
  const { config } = app.service;
  const settings = {
    NODE_ENV: 'test',
    LOG_LEVEL: testLogLevel(),
    DATA_DIR: config.dataDir,
    PUBLIC_URL: config.http.publicUrl,
    MONGODB_URI: config.mongo.uri ?? '',
    MONGODB_DB_NAME: config.mongo.dbName,
    REDIS_URL: config.redis.url ?? '',
    REDIS_KEY_PREFIX: config.redis.keyPrefix,
    JOB_LOCK_LIFETIME_MS: LOCK_LIFETIME_MS,
    OPENAI_API_KEY: apiKey,
    OPENAI_BASE_URL: openaiBaseUrl,
  };
  recordConfigSecrets(settings, config.dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/src/worker.ts'], {
    cwd: repositoryRoot,
    env: { ...process.env, ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  keepChildLogs(child, 'worker');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

describe('generation: a worker killed mid-job', function () {
  this.timeout(120_000);
  let fake: FakeOpenAIImages;
  let gate: GatedProxy;
  let app: TestService;
  let worker: ChildProcess | null = null;
  let takeover: RunningService | null = null;

  before(async () => {
    fake = await startFakeOpenAIImages();
    gate = await startGatedProxy(fake.baseUrl, Number.POSITIVE_INFINITY);
    // this instance serves HTTP only; the workers below take the jobs
    app = await startTestService({
      RUN_WORKER: 'false',
      JOB_LOCK_LIFETIME_MS: LOCK_LIFETIME_MS,
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: gate.baseUrl,
    });
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGKILL');
    }
    await takeover?.stop();
    await app.stop();
    await gate.stop();
    await fake.stop();
  });

  it('is taken over by another worker once its lock expires, and completes exactly once with no duplicates', async () => {
    const { api, accessToken } = await app.createUser();
    const realtime = await connectRealtime(app.url, accessToken);
    try {
      // the first variation's image passes, the second waits at the gate while the worker is killed
      gate.close();
      gate.allow(1);
      const queued = await api.twitch.generate({
        body: { assetType: 'emote', customPrompt: 'crash test', variations: 2 },
      });
      const spawned = spawnWorker(app, gate.baseUrl, fake.apiKey);
      worker = spawned.child;
      const exited = new Promise<void>((resolve) => worker!.once('exit', () => resolve()));
      await gate.waitForHeld(1, 90_000).catch((error: unknown) => {
        throw new Error(`the worker never reached the second image: ${String(error)}\n${spawned.output()}`);
      });
      const midway = await pollUntil(
        () => api.generation.getJob({ params: { id: queued.id } }),
        (job) => job.completedAssets === 3,
      );
      expect(midway.status).to.equal('processing');
      const before = (await api.generation.getJobAssets({ params: { id: queued.id } })).assets;
      expect(before.map((asset) => asset.generationParams.variation)).to.deep.equal([1, 1, 1]);
      // the worker's progress reached this instance's socket through Redis
      await realtime.waitFor('job.progress', (payload) => jobOfEvent(payload).completed_assets === 3);

      worker.kill('SIGKILL');
      await exited;
      // the dead worker's held request goes away with its connection; only then open the gate
      await pollUntil(
        async () => gate.held,
        (held) => held === 0,
      );
      gate.allow(Number.POSITIVE_INFINITY);
      takeover = await startService(app.service.config, {
        runWorker: true,
        serveHttp: false,
        logger: testLogger('worker'),
      });

      const job = await waitForJobEnd(api, queued.id);
      expect(job).to.include({ status: 'completed', completedAssets: 6, failedAssets: 0 });
      expect(job.retryCount).to.be.at.least(1);
      expect(job.startedAt).to.equal(midway.startedAt);
      const { assets } = await api.generation.getJobAssets({ params: { id: queued.id } });
      expect(assets).to.have.length(6);
      expect(new Set(assets.map((asset) => asset.id)).size).to.equal(6);
      expect(
        assets.map((asset) => `${asset.generationParams.variation}:${asset.generationParams.sizeLabel}`).sort(),
      ).to.deep.equal(['1:112x112', '1:28x28', '1:56x56', '2:112x112', '2:28x28', '2:56x56']);
      // the first variation was kept, not made again: one image for each variation in all
      for (const made of before) {
        expect(assets.find((asset) => asset.id === made.id)?.createdAt).to.equal(made.createdAt);
      }
      expect(gate.passed).to.equal(2);
      await realtime.waitFor('job.completed', (payload) => jobOfEvent(payload).id === queued.id);
      const completions = realtime.events.filter(
        (entry) => entry.event === 'job.completed' && jobOfEvent(entry.payload).id === queued.id,
      );
      expect(completions).to.have.length(1);
    } finally {
      realtime.close();
    }
  });
});
