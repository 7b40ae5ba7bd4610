import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { testLogger, type TestUser } from '@aurastream/service/testing';
import { startRedis, type RedisHandle } from '../../../service/src/db/redis';
import { postEvents, wireEvent } from '../../analytics/support';
import { createStreamer, requestPanel, viewerToken, type Streamer } from '../../extension/support';
import { pollUntil, waitForJobEnd } from '../../generation/support';
import { errorEnvelope, sendRaw, type RawAnswer } from '../support/http';
import { startReliabilityService, type ReliabilityService } from '../support/reliability-service';

const PASSWORD = 'violet-Otter-42';

/** How long a request may take to be refused while Redis is down: one reconnection attempt, not a hang. */
const FAIL_FAST_MS = 3000;

describe('faults: Redis killed with kill -9 and restarted while the studio is in use', function () {
  this.timeout(90_000);
  let dir: string;
  let redis: RedisHandle;
  let restarted: RedisHandle | null = null;
  let twitch: FakeTwitch;
  let app: ReliabilityService;
  let streamer: Streamer;
  let admin: TestUser;
  let signInEmail: string;

  const startPrivateRedis = (port?: number) =>
    // a Redis of this test's own (never the suite's shared one), its append-only file in `dir`
    startRedis({ url: null, serverBin: 'redis-server', dataDir: dir, keyPrefix: '', port }, testLogger('redis'));

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-redis-fault-'));
    redis = await startPrivateRedis();
    twitch = await startFakeTwitch();
    app = await startReliabilityService({
      ...twitch.serviceEnv,
      REDIS_URL: redis.url,
      TWITCH_EXTENSION_CLIENT_ID: 'aurafaulttest01',
      // a coach answer streams for about a second, so the kill lands in the middle of one
      COACH_OFFLINE_TOKEN_DELAY_MS: '25',
      // one stream at a time: a slot the outage leaked would refuse the next stream
      COACH_MAX_CONCURRENT_STREAMS: '1',
    });
    streamer = await createStreamer(app, twitch, { login: 'faultfox', displayName: 'FaultFox' });
    await app.service.container.users.update(streamer.user.id, { subscription_tier: 'studio' });
    admin = await app.createUser({ role: 'admin' });
    signInEmail = (await app.createUser({ password: PASSWORD })).user.email;
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
    await restarted?.stop();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const requests = {
    browse: () => sendRaw(app.url, { method: 'GET', path: '/api/v1/assets', headers: bearer(streamer.accessToken) }),
    signIn: () =>
      sendRaw(app.url, {
        method: 'POST',
        path: '/api/v1/auth/login',
        body: { email: signInEmail, password: PASSWORD },
      }),
    generate: () =>
      sendRaw(app.url, {
        method: 'POST',
        path: '/api/v1/twitch/generate',
        headers: bearer(streamer.accessToken),
        body: { asset_type: 'emote', custom_prompt: 'a fox holding a lantern' },
      }),
    coach: () =>
      sendRaw(app.url, {
        method: 'POST',
        path: '/api/v1/coach/start',
        headers: { ...bearer(streamer.accessToken), accept: 'text/event-stream' },
        body: { asset_type: 'twitch_emote', description: 'a cheerful fox emote waving hello' },
      }),
    panel: async () => {
      const response = await requestPanel(
        app,
        await viewerToken({ channelId: streamer.channelId, secret: app.env.TWITCH_EXTENSION_SECRET! }),
      );
      return { status: response.status, text: await response.text() };
    },
  };

  /** Anonymous analytics batches sent back to back until stopped, counting the events accepted. */
  function ingestAnalytics(): { accepted: () => number; refused: () => number[]; stop: () => Promise<void> } {
    let accepted = 0;
    const refused: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const result = await postEvents(app, [wireEvent({ session_id: 'redis-fault-0001' }), wireEvent()]);
        if (result.status === 202) {
          accepted += (result.body as { accepted: number }).accepted;
        } else {
          refused.push(result.status);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    })();
    return {
      accepted: () => accepted,
      refused: () => refused,
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  /** Expects a 503 with the error envelope naming Redis, answered without waiting out the outage. */
  async function expectUnavailable(name: string, call: () => Promise<RawAnswer>): Promise<void> {
    const started = performance.now();
    const answer = await call();
    const elapsed = performance.now() - started;
    expect(answer.status, `${name}: ${answer.text.slice(0, 300)}`).to.equal(503);
    expect(errorEnvelope(answer), `${name}: ${answer.text}`).to.deep.include({
      code: 'dependency_unavailable',
      details: { dependency: 'redis' },
    });
    expect(answer.headers['retry-after'], name).to.match(/^\d+$/);
    expect(elapsed, `${name} took ${Math.round(elapsed)} ms to be refused`).to.be.below(FAIL_FAST_MS);
  }

  it('refuses with 503 at once while Redis is down (sign-in fails closed, the panel read fails open), then recovers by itself and loses nothing queued', async () => {
    const summaryBefore = await admin.api.analytics.summary({ query: {} });
    // jobs queued before the outage, still running when Redis dies
    const queuedBefore = await Promise.all(
      [1, 2, 3].map((n) =>
        streamer.api.twitch.generate({ body: { assetType: 'emote', customPrompt: `a fox before the outage ${n}` } }),
      ),
    );
    const analytics = ingestAnalytics();
    // a coach answer streaming when Redis is killed
    const coachDuringKill = requests.coach();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(analytics.accepted(), 'analytics accepted before the outage').to.be.above(0);

    process.kill(redis.pid!, 'SIGKILL');
    await pollUntil(
      async () => (await requests.browse()).status,
      (status) => status === 503,
      { what: 'the service to notice Redis is gone', timeoutMs: 10_000 },
    );

    await expectUnavailable('an authenticated read (a revoked session cannot be told apart)', requests.browse);
    await expectUnavailable('sign-in (its rate limit fails closed)', requests.signIn);
    await expectUnavailable('queueing a generation', requests.generate);
    await expectUnavailable('starting a coach stream', requests.coach);
    const analyticsRefusal = await postEvents(app, [wireEvent()]);
    expect(analyticsRefusal.status).to.equal(503);
    // the panel's rate limits only spread load: they fail open, and the showcase is read from MongoDB
    const panel = await requests.panel();
    expect(panel.status, panel.text).to.equal(200);
    expect((JSON.parse(panel.text) as { channel: { display_name: string } }).channel.display_name).to.equal('FaultFox');
    // the stream that was under way ends rather than hanging
    const interrupted = await coachDuringKill;
    expect([200, 503]).to.include(interrupted.status);
    expect(analytics.refused().length, 'analytics batches refused during the outage').to.be.above(0);

    const acceptedBeforeRestart = analytics.accepted();
    restarted = await startPrivateRedis(Number(new URL(redis.url).port));

    // recovers by itself: no restart of the service, no operator
    await pollUntil(
      async () => (await requests.browse()).status,
      (status) => status === 200,
      { what: 'an authenticated read to succeed again', timeoutMs: 15_000 },
    );
    await pollUntil(
      async () => analytics.accepted(),
      (accepted) => accepted > acceptedBeforeRestart,
      { what: 'analytics to be accepted again', timeoutMs: 10_000 },
    );
    await analytics.stop();
    expect((await requests.signIn()).status).to.equal(200);
    const after = await requests.generate();
    expect(after.status, after.text).to.equal(202);
    const coach = await requests.coach();
    expect(coach.status, coach.text).to.equal(200);
    expect(coach.text).to.include('event: done');

    // nothing queued is lost: every job completes, and every analytics event accepted is counted
    const jobIds = [...queuedBefore.map((job) => job.id), (after.json as { id: string }).id];
    for (const id of jobIds) {
      const job = await waitForJobEnd(streamer.api, id);
      expect(job.status, `${id}: ${job.errorMessage ?? ''}`).to.equal('completed');
      const { assets } = await streamer.api.generation.getJobAssets({ params: { id } });
      expect(assets.length, `${id}'s assets`).to.equal(job.completedAssets);
      expect(new Set(assets.map((asset) => asset.id)).size).to.equal(assets.length);
    }
    const summaryAfter = await admin.api.analytics.summary({ query: {} });
    expect(summaryAfter.anonymousEvents - summaryBefore.anonymousEvents).to.equal(analytics.accepted());
  });
});
