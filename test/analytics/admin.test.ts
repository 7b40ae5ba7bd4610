import { expect } from 'chai';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { apiError, hourOf, longTermEventTotal, postEvents, uniqueSession, waitFor, wireEvent } from './support';

describe('analytics administration', () => {
  let app: TestService;
  let admin: TestUser;
  let streamer: TestUser;

  before(async () => {
    // Agenda waits half a job's lock lifetime after running it before letting the process exit
    app = await startTestService({ JOB_LOCK_LIFETIME_MS: '1000' });
    admin = await app.createUser({ role: 'admin' });
    streamer = await app.createUser();
  });

  after(async () => {
    await app.stop();
  });

  beforeEach(async () => {
    await admin.api.analytics.clear();
  });

  describe('who may call what', () => {
    const adminOnly = [
      ['GET', '/api/v1/analytics/summary'],
      ['DELETE', '/api/v1/analytics/clear'],
      ['POST', '/api/v1/analytics/flush'],
      ['GET', '/api/v1/analytics/flush-status'],
    ] as const;

    it('answers 401 to anonymous callers of the admin endpoints', async () => {
      for (const [method, path] of adminOnly) {
        const response = await fetch(`${app.url}${path}`, { method });
        expect(response.status, `${method} ${path}`).to.equal(401);
      }
    });

    it('answers 403 admin_only to signed-in users who are not admins', async () => {
      for (const [method, path] of adminOnly) {
        const response = await fetch(`${app.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${streamer.accessToken}` },
        });
        expect(response.status, `${method} ${path}`).to.equal(403);
        const body = (await response.json()) as { error: { code: string } };
        expect(body.error.code).to.equal('admin_only');
      }
    });

    it('lets admins in, answering each endpoint with what it is for', async () => {
      const session = uniqueSession();
      const accepted = await postEvents(app, [wireEvent({ session_id: session }), wireEvent({ session_id: session })]);
      expect(accepted.status).to.equal(202);

      const summary = await admin.api.analytics.summary({ query: {} });
      expect(summary.totalEvents).to.equal(2);
      expect(summary.bufferedEvents).to.equal(2);
      expect(summary.activeSessions).to.equal(1);

      const storedBefore = await longTermEventTotal(app);
      const before = await admin.api.analytics.flushStatus();
      expect(before.inProgress).to.equal(false);
      expect(before.bufferedEvents).to.equal(2);

      const flushed = await admin.api.analytics.flush();
      expect(flushed.eventsFlushed).to.equal(2);
      expect(await longTermEventTotal(app)).to.equal(storedBefore + 2);
      const after = await admin.api.analytics.flushStatus();
      expect(after.lastFlushEvents).to.equal(2);
      expect(after.bufferedEvents).to.equal(0);

      await postEvents(app, [wireEvent()]);
      expect((await admin.api.analytics.clear()).clearedEvents).to.equal(1);
      expect((await admin.api.analytics.summary({ query: {} })).bufferedEvents).to.equal(0);
    });

    it('keeps the health check public and popular assets for signed-in users', async () => {
      expect((await app.api.analytics.health()).status).to.equal('healthy');
      expect((await apiError(app.api.analytics.popularAssets({ query: {} }))).status).to.equal(401);
      expect((await streamer.api.analytics.popularAssets({ query: {} })).days).to.equal(30);
    });
  });

  describe('GET /analytics/summary', () => {
    it('shows totals, categories, top events, active sessions and the last 24 hours', async () => {
      const now = Date.now();
      const sessionA = uniqueSession();
      const sessionB = uniqueSession();
      const twoHoursAgo = new Date(now - 2 * 3_600_000).toISOString();
      const events = [
        ...Array.from({ length: 5 }, () => wireEvent({ session_id: sessionA })),
        ...Array.from({ length: 3 }, () =>
          wireEvent({ event_name: 'wizard_step', category: 'wizard', session_id: sessionB, timestamp: twoHoursAgo }),
        ),
        wireEvent({ event_name: 'render_ms', category: 'performance', session_id: sessionB, properties: { ms: 12 } }),
      ];
      expect((await postEvents(app, events, { token: streamer.accessToken })).status).to.equal(202);
      expect(
        (await postEvents(app, [wireEvent({ event_name: 'crash', category: 'error', session_id: sessionA })])).status,
      ).to.equal(202);

      const summary = await admin.api.analytics.summary({ query: { top: 2 } });
      expect(summary).to.deep.include({
        totalEvents: 10,
        signedInEvents: 9,
        anonymousEvents: 1,
        bufferedEvents: 10,
        trimmedEvents: 0,
        maxEvents: 100_000,
        activeSessions: 2,
      });
      expect(summary.eventsByCategory).to.deep.equal([
        { category: 'page', count: 5 },
        { category: 'modal', count: 0 },
        { category: 'wizard', count: 3 },
        { category: 'user_action', count: 0 },
        { category: 'feature', count: 0 },
        { category: 'performance', count: 1 },
        { category: 'error', count: 1 },
      ]);
      expect(summary.topEvents).to.deep.equal([
        { eventName: 'page_view', count: 5 },
        { eventName: 'wizard_step', count: 3 },
      ]);
      expect(summary.hourly).to.have.length(24);
      expect(summary.hourly[23]!.hourStart).to.equal(hourOf(now));
      const byHour = new Map(summary.hourly.map((bucket) => [bucket.hourStart, bucket.count]));
      expect(byHour.get(hourOf(now - 2 * 3_600_000))).to.equal(3);
      expect(summary.hourly.reduce((sum, bucket) => sum + bucket.count, 0)).to.equal(10);
    });

    it('answers 422 for a bad `top`', async () => {
      const response = await fetch(`${app.url}/api/v1/analytics/summary?top=0`, {
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
      expect(response.status).to.equal(422);
    });
  });

  describe('DELETE /analytics/clear', () => {
    it('empties the real-time store and says how many raw events it dropped', async () => {
      await postEvents(app, [wireEvent(), wireEvent()], { token: streamer.accessToken });
      expect(await admin.api.analytics.clear()).to.deep.equal({ clearedEvents: 2 });
      const summary = await admin.api.analytics.summary({ query: {} });
      expect(summary).to.deep.include({ totalEvents: 0, bufferedEvents: 0, activeSessions: 0, signedInEvents: 0 });
      expect(summary.topEvents).to.deep.equal([]);
      expect((await app.api.analytics.health()).bufferedEvents).to.equal(0);
    });
  });

  describe('GET /analytics/health and /analytics/flush-status', () => {
    it('report the buffer and the last flush', async () => {
      await postEvents(app, [wireEvent(), wireEvent(), wireEvent()], { token: streamer.accessToken });
      const health = await app.api.analytics.health();
      expect(health).to.include({ status: 'healthy', redis: 'up', bufferedEvents: 3 });

      const flushed = await admin.api.analytics.flush();
      expect(flushed).to.include({ eventsFlushed: 3, batches: 1, resumedBatches: 0 });
      const status = await admin.api.analytics.flushStatus();
      expect(status).to.deep.include({
        inProgress: false,
        lastFlushAt: flushed.completedAt,
        lastFlushEvents: 3,
        lastError: null,
        pendingBatches: 0,
        bufferedEvents: 0,
        flushInterval: '1 hour',
      });
      expect((await app.api.analytics.health()).lastFlushAt).to.equal(flushed.completedAt);
    });
  });

  describe('the hourly flush job', () => {
    it('is scheduled in Agenda and flushes when it runs', async () => {
      const jobs = await app.service.infra.mongo.connection
        .collection('agenda_jobs')
        .find({ name: 'analytics-flush' })
        .toArray();
      expect(jobs).to.have.length(1);
      expect(jobs[0]!.repeatInterval).to.equal('1 hour');

      const before = await longTermEventTotal(app);
      await postEvents(app, [wireEvent(), wireEvent()], { token: streamer.accessToken });
      const scheduler = app.service.scheduler;
      expect(scheduler).to.not.equal(null);
      await scheduler!.now('analytics-flush');
      await waitFor(async () => (await longTermEventTotal(app)) === before + 2);
      expect((await app.api.analytics.health()).bufferedEvents).to.equal(0);
    });
  });
});
