import { expect } from 'chai';
import type { AnalyticsEventInput } from '@aurastream/contract';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import {
  apiError,
  hourOf,
  hourlyRows,
  ingestMany,
  longTermEventTotal,
  popularityRows,
  postEvents,
  rejection,
  waitFor,
  wireEvent,
} from './support';

const hourMs = 3_600_000;

/** A varied event: several names, categories, hours and asset events, deterministic by index. */
function variedEvent(index: number, base: number): AnalyticsEventInput {
  const assetEvents = ['asset_generated', 'asset_viewed', 'asset_downloaded', 'asset_shared'] as const;
  const assetTypes = ['twitch_emote', 'overlay', 'youtube_thumbnail'] as const;
  const timestamp = new Date(base - (index % 3) * hourMs - (index % 50) * 1000).toISOString();
  if (index % 4 === 0) {
    return wireEvent({
      event_name: assetEvents[(index / 4) % 4],
      category: 'user_action',
      asset_type: assetTypes[index % 3],
      timestamp,
    });
  }
  return wireEvent({ event_name: `event_${index % 5}`, category: index % 2 ? 'page' : 'feature', timestamp });
}

/** What the long-term store must hold for `events`: hourly rows and daily asset rows. */
function expectedRows(events: AnalyticsEventInput[]) {
  const hourly = new Map<string, number>();
  const popularity = new Map<string, number[]>();
  const slots = ['asset_generated', 'asset_viewed', 'asset_downloaded', 'asset_shared'];
  for (const event of events) {
    const ms = Date.parse(event.timestamp);
    const key = `${hourOf(ms)}|${event.event_name}|${event.category}`;
    hourly.set(key, (hourly.get(key) ?? 0) + 1);
    const slot = slots.indexOf(event.event_name);
    if (slot >= 0 && event.asset_type) {
      const dayKey = `${new Date(Math.floor(ms / (24 * hourMs)) * 24 * hourMs).toISOString()}|${event.asset_type}`;
      const counts = popularity.get(dayKey) ?? [0, 0, 0, 0];
      counts[slot] = (counts[slot] ?? 0) + 1;
      popularity.set(dayKey, counts);
    }
  }
  return { hourly, popularity };
}

async function expectLongTermStore(app: TestService, events: AnalyticsEventInput[]): Promise<void> {
  const expected = expectedRows(events);
  expect(Object.fromEntries(await hourlyRows(app))).to.deep.equal(Object.fromEntries(expected.hourly));
  expect(Object.fromEntries(await popularityRows(app))).to.deep.equal(Object.fromEntries(expected.popularity));
}

describe('the analytics flush', () => {
  let app: TestService;
  let admin: TestUser;

  before(async () => {
    app = await startTestService({
      ANALYTICS_RATE_LIMIT_ANONYMOUS: '1000000',
      ANALYTICS_RATE_LIMIT_USER: '1000000',
      // Agenda keeps the process alive for half a job's lock lifetime after running it (the generation job here)
      JOB_LOCK_LIFETIME_MS: '2000',
    });
    admin = await app.createUser({ role: 'admin' });
  });

  after(async () => {
    await app.stop();
  });

  beforeEach(async () => {
    await admin.api.analytics.flush();
    await admin.api.analytics.clear();
    const connection = app.service.infra.mongo.connection;
    await connection.collection('analytics_events').deleteMany({});
    await connection.collection('analytics_asset_popularity').deleteMany({});
  });

  async function ingest(events: AnalyticsEventInput[]): Promise<void> {
    for (let start = 0; start < events.length; start += 50) {
      const result = await postEvents(app, events.slice(start, start + 50), { token: admin.accessToken });
      expect(result.status).to.equal(202);
    }
  }

  it('writes hourly counts per event and category and daily counts per asset type, then empties the buffer', async () => {
    const base = Date.now() - 60_000;
    const events = Array.from({ length: 400 }, (_unused, index) => variedEvent(index, base));
    await ingest(events);
    const result = await admin.api.analytics.flush();
    expect(result).to.include({ eventsFlushed: 400, batches: 1, resumedBatches: 0 });
    await expectLongTermStore(app, events);
    expect((await app.api.analytics.health()).bufferedEvents).to.equal(0);
  });

  it('adds to the same rows on later flushes', async () => {
    const base = Date.now() - 60_000;
    const first = Array.from({ length: 120 }, (_unused, index) => variedEvent(index, base));
    const second = Array.from({ length: 80 }, (_unused, index) => variedEvent(index + 7, base));
    await ingest(first);
    await admin.api.analytics.flush();
    await ingest(second);
    await admin.api.analytics.flush();
    await expectLongTermStore(app, [...first, ...second]);
  });

  it('removes exactly what it flushed: events stamped after the flush began wait for the next one', async () => {
    await ingest([wireEvent(), wireEvent({ timestamp: new Date(Date.now() + 30 * 60_000).toISOString() })]);
    expect((await admin.api.analytics.flush()).eventsFlushed).to.equal(1);
    expect((await app.api.analytics.health()).bufferedEvents).to.equal(1);
    expect(await longTermEventTotal(app)).to.equal(1);
  });

  it('flushes in several batches when there are many events', async () => {
    const base = Date.now() - 60_000;
    const events = Array.from({ length: 1000 }, (_unused, index) => variedEvent(index, base));
    await ingest(events);
    const smallBatches = app.service.container.analytics.flush.withOptions({ batchSize: 300, writeChunkSize: 7 });
    const result = await smallBatches.flush();
    expect(result).to.include({ events_flushed: 1000, batches: 4 });
    await expectLongTermStore(app, events);
  });

  describe('interrupted and run again', () => {
    it('finishes a batch that was moved but not written, counting it once', async () => {
      const base = Date.now() - 60_000;
      const events = Array.from({ length: 300 }, (_unused, index) => variedEvent(index, base));
      await ingest(events);
      const crashing = app.service.container.analytics.flush.withOptions({
        interruptions: {
          afterBatchMoved: () => {
            throw new Error('simulated crash after the move');
          },
        },
      });
      expect((await rejection(crashing.flush())).message).to.equal('simulated crash after the move');
      const status = await admin.api.analytics.flushStatus();
      expect(status).to.include({ pendingBatches: 1, bufferedEvents: 0, inProgress: false });
      expect(status.lastError).to.equal('simulated crash after the move');
      expect(await longTermEventTotal(app)).to.equal(0);

      const rerun = await admin.api.analytics.flush();
      expect(rerun).to.include({ resumedBatches: 1, eventsFlushed: 300, batches: 0 });
      await expectLongTermStore(app, events);
      const after = await admin.api.analytics.flushStatus();
      expect(after).to.include({ pendingBatches: 0, lastError: null, lastFlushEvents: 300 });
    });

    it('finishes a batch that crashed half-way through its writes without counting anything twice', async () => {
      const base = Date.now() - 60_000;
      const events = Array.from({ length: 500 }, (_unused, index) => variedEvent(index, base));
      await ingest(events);
      let rowsWhenCrashed = 0;
      const crashing = app.service.container.analytics.flush.withOptions({
        writeChunkSize: 3,
        interruptions: {
          afterRowsWritten: ({ written, total }) => {
            if (written >= total / 2) {
              rowsWhenCrashed = written;
              throw new Error('simulated crash half-way');
            }
          },
        },
      });
      await rejection(crashing.flush());
      expect(rowsWhenCrashed).to.be.greaterThan(0);
      const partial = await longTermEventTotal(app);
      expect(partial).to.be.greaterThan(0).and.lessThan(500);

      // more events arrive before the next flush; they must be counted exactly once as well
      const later = Array.from({ length: 100 }, (_unused, index) => variedEvent(index + 3, base));
      await ingest(later);
      const rerun = await admin.api.analytics.flush();
      expect(rerun).to.include({ resumedBatches: 1, eventsFlushed: 600 });
      await expectLongTermStore(app, [...events, ...later]);

      // and running yet again changes nothing
      expect((await admin.api.analytics.flush()).eventsFlushed).to.equal(0);
      await expectLongTermStore(app, [...events, ...later]);
    });

    it('counts a batch once even when a second flusher takes it over while the first still writes', async () => {
      const base = Date.now() - 60_000;
      const events = Array.from({ length: 200 }, (_unused, index) => variedEvent(index, base));
      await ingest(events);
      let takenOver = false;
      const slow = app.service.container.analytics.flush.withOptions({
        writeChunkSize: 2,
        interruptions: {
          afterRowsWritten: async ({ written, total }) => {
            if (!takenOver && written >= total / 3) {
              takenOver = true;
              // as if this flusher stalled past its lock's lifetime: another one takes over the batch
              await app.service.infra.redis.del('analytics:flush:lock');
              const takeover = await app.service.container.analytics.flush.flush();
              expect(takeover.resumed_batches).to.equal(1);
            }
          },
        },
      });
      // the stalled flusher writes its remaining rows, then notices it lost the lock
      expect((await rejection(slow.flush())).message).to.match(/lock expired/);
      expect(takenOver).to.equal(true);
      await expectLongTermStore(app, events);
      expect((await admin.api.analytics.flushStatus()).pendingBatches).to.equal(0);
    });
  });

  it('loses and doubles nothing while events keep arriving during a flush', async function () {
    this.timeout(60_000);
    const base = Date.now() - 5 * 60_000;
    const initial = Array.from({ length: 5000 }, (_unused, index) => variedEvent(index, base));
    await ingestMany(app, initial.length, (index) => initial[index]!, { token: admin.accessToken });
    const during = Array.from({ length: 3000 }, (_unused, index) => variedEvent(index + 11, base));
    const slowFlush = app.service.container.analytics.flush.withOptions({ batchSize: 500, writeChunkSize: 5 });
    const [flushed] = await Promise.all([
      slowFlush.flush(),
      ingestMany(app, during.length, (index) => during[index]!, { token: admin.accessToken, concurrency: 4 }),
    ]);
    expect(flushed.events_flushed).to.be.greaterThanOrEqual(initial.length);
    await admin.api.analytics.flush();
    expect((await app.api.analytics.health()).bufferedEvents).to.equal(0);
    await expectLongTermStore(app, [...initial, ...during]);
  });

  it('answers 409 flush_in_progress while another flush holds the lock', async () => {
    await ingest([wireEvent()]);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let moved: () => void = () => undefined;
    const batchMoved = new Promise<void>((resolve) => (moved = resolve));
    const held = app.service.container.analytics.flush
      .withOptions({
        interruptions: {
          afterBatchMoved: async () => {
            moved();
            await gate;
          },
        },
      })
      .flush();
    await batchMoved;
    const error = await apiError(admin.api.analytics.flush());
    expect(error.status).to.equal(409);
    expect(error.code).to.equal('flush_in_progress');
    expect((await admin.api.analytics.flushStatus()).inProgress).to.equal(true);
    release();
    expect((await held).events_flushed).to.equal(1);
    expect((await admin.api.analytics.flushStatus()).inProgress).to.equal(false);
  });

  describe('GET /analytics/popular-assets', () => {
    it('ranks asset types over the chosen days from the long-term store', async () => {
      const now = Date.now();
      const asset = (event_name: string, asset_type: string, daysAgo = 0) =>
        wireEvent({
          event_name,
          category: 'user_action',
          asset_type,
          timestamp: new Date(now - daysAgo * 24 * hourMs - 60_000).toISOString(),
        });
      await ingest([
        ...Array.from({ length: 3 }, () => asset('asset_generated', 'overlay')),
        asset('asset_downloaded', 'overlay'),
        ...Array.from({ length: 2 }, () => asset('asset_generated', 'twitch_emote')),
        ...Array.from({ length: 5 }, () => asset('asset_viewed', 'twitch_emote')),
        asset('asset_shared', 'twitch_emote'),
        ...Array.from({ length: 9 }, () => asset('asset_generated', 'twitch_banner', 5)),
      ]);
      await admin.api.analytics.flush();
      const { api } = await app.createUser();

      const lastDay = await api.analytics.popularAssets({ query: { days: 1 } });
      expect(lastDay.days).to.equal(1);
      expect(lastDay.assetTypes).to.deep.equal([
        {
          assetType: 'overlay',
          generatedCount: 3,
          viewedCount: 0,
          downloadedCount: 1,
          sharedCount: 0,
          jobs: 0,
          assets: 0,
        },
        {
          assetType: 'twitch_emote',
          generatedCount: 2,
          viewedCount: 5,
          downloadedCount: 0,
          sharedCount: 1,
          jobs: 0,
          assets: 0,
        },
      ]);
      const week = await api.analytics.popularAssets({ query: { days: 7, limit: 2 } });
      expect(week.assetTypes.map((item) => item.assetType)).to.deep.equal(['twitch_banner', 'overlay']);
      expect(Date.parse(week.to) - Date.parse(week.from)).to.be.lessThanOrEqual(7 * 24 * hourMs);

      // the generation feature's real counts join in: jobs made, and assets they stored
      const job = await api.generation.generate({
        body: { assetType: 'twitch_badge', customPrompt: 'a crowned cat', variations: 1 },
      });
      await waitFor(
        async () => (await api.generation.getJob({ params: { id: job.id } })).status === 'completed',
        20_000,
      );
      const withGeneration = await api.analytics.popularAssets({ query: { days: 1 } });
      expect(withGeneration.assetTypes[0]).to.deep.include({
        assetType: 'twitch_badge',
        jobs: 1,
        assets: job.totalAssets,
        generatedCount: 0,
      });

      const viaService = await app.service.container.analytics.service.popularAssetTypes(30);
      expect(viaService.asset_types.map((item) => item.asset_type)).to.deep.equal([
        'twitch_badge',
        'twitch_banner',
        'overlay',
        'twitch_emote',
      ]);
    });

    it('answers 422 for days outside 1–365', async () => {
      const { accessToken } = await app.createUser();
      for (const days of ['0', '366', 'week']) {
        const response = await fetch(`${app.url}/api/v1/analytics/popular-assets?days=${days}`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        expect(response.status, days).to.equal(422);
      }
    });
  });
});

describe('two service instances flushing the same store', () => {
  let first: TestService;
  let second: TestService;
  let admin: TestUser;

  before(async () => {
    // one deployment: the same signing key, database and Redis prefix
    const limits = {
      ANALYTICS_RATE_LIMIT_ANONYMOUS: '1000000',
      ANALYTICS_RATE_LIMIT_USER: '1000000',
      JWT_SECRET: 'analytics-two-instances-test-signing-secret',
    };
    first = await startTestService(limits);
    second = await startTestService({
      ...limits,
      MONGODB_DB_NAME: first.service.config.mongo.dbName,
      REDIS_KEY_PREFIX: first.service.config.redis.keyPrefix,
    });
    admin = await first.createUser({ role: 'admin' });
  });

  after(async () => {
    await second.stop();
    await first.stop();
  });

  it('never flush the same events: every event is counted exactly once', async function () {
    this.timeout(60_000);
    const base = Date.now() - 60_000;
    const events = Array.from({ length: 6000 }, (_unused, index) => variedEvent(index, base));
    await ingestMany(first, events.length, (index) => events[index]!, { token: admin.accessToken });
    const small = { batchSize: 400, writeChunkSize: 10 };
    const outcomes = await Promise.allSettled([
      first.service.container.analytics.flush.withOptions(small).flush(),
      second.service.container.analytics.flush.withOptions(small).flush(),
      admin.api.analytics.flush(),
      second.clientFor(admin.accessToken).analytics.flush(),
    ]);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect((outcome.reason as { code?: string }).code).to.equal('flush_in_progress');
      }
    }
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).to.equal(true);
    await second.clientFor(admin.accessToken).analytics.flush();
    expect((await first.api.analytics.health()).bufferedEvents).to.equal(0);
    await expectLongTermStore(first, events);
  });
  it('a starting instance finishes a flush another one left half-done', async function () {
    this.timeout(60_000);
    const base = Date.now() - 60_000;
    const events = Array.from({ length: 300 }, (_unused, index) => variedEvent(index, base));
    const before = await longTermEventTotal(first);
    await ingestMany(first, events.length, (index) => events[index]!, { token: admin.accessToken });
    const crashing = first.service.container.analytics.flush.withOptions({
      interruptions: {
        afterBatchMoved: () => {
          throw new Error('the instance died');
        },
      },
    });
    await rejection(crashing.flush());
    const adminApi = first.clientFor(admin.accessToken).analytics;
    expect((await adminApi.flushStatus()).pendingBatches).to.equal(1);

    const restarted = await startTestService({
      MONGODB_DB_NAME: first.service.config.mongo.dbName,
      REDIS_KEY_PREFIX: first.service.config.redis.keyPrefix,
      JOB_LOCK_LIFETIME_MS: '1000',
    });
    try {
      await waitFor(async () => (await adminApi.flushStatus()).pendingBatches === 0, 20_000);
      expect(await longTermEventTotal(first)).to.equal(before + events.length);
    } finally {
      // stopping drops the shared database; nothing of this describe runs after this test
      await restarted.stop();
    }
  });
});
