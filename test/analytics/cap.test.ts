import { expect } from 'chai';
import { analyticsBatchSchema } from '@aurastream/contract';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { hourlyRows, ingestMany, postEvents, wireEvent } from './support';

describe('the cap on buffered raw events', () => {
  describe('with ANALYTICS_MAX_EVENTS=100', () => {
    let app: TestService;
    let admin: TestUser;

    before(async () => {
      app = await startTestService({ ANALYTICS_MAX_EVENTS: '100' });
      admin = await app.createUser({ role: 'admin' });
    });

    after(async () => {
      await app.stop();
    });

    beforeEach(async () => {
      await admin.api.analytics.clear();
    });

    it('keeps the newest 100, counts the trimmed ones in the totals, and flushes exactly what it kept', async () => {
      const now = Date.now();
      // oldest first: the first 50 are the ones the cap must drop
      const events = Array.from({ length: 150 }, (_unused, index) =>
        wireEvent({
          event_name: index < 50 ? 'old_event' : 'new_event',
          timestamp: new Date(now - (150 - index) * 1000).toISOString(),
        }),
      );
      for (let start = 0; start < events.length; start += 50) {
        expect((await postEvents(app, events.slice(start, start + 50), { token: admin.accessToken })).status).to.equal(
          202,
        );
      }
      const summary = await admin.api.analytics.summary({ query: {} });
      expect(summary).to.deep.include({ totalEvents: 150, bufferedEvents: 100, trimmedEvents: 50, maxEvents: 100 });
      expect(summary.topEvents).to.deep.equal([
        { eventName: 'new_event', count: 100 },
        { eventName: 'old_event', count: 50 },
      ]);

      const flushed = await admin.api.analytics.flush();
      expect(flushed.eventsFlushed).to.equal(100);
      const rows = [...(await hourlyRows(app)).entries()];
      expect(rows.filter(([key]) => key.includes('|old_event|'))).to.deep.equal([]);
      expect(rows.filter(([key]) => key.includes('|new_event|')).reduce((sum, [, count]) => sum + count, 0)).to.equal(
        100,
      );

      const after = await admin.api.analytics.summary({ query: {} });
      expect(after).to.deep.include({ totalEvents: 150, bufferedEvents: 0, trimmedEvents: 50 });
    });

    it('trims by timestamp: late events older than everything kept are the ones dropped', async () => {
      const now = Date.now();
      const recent = Array.from({ length: 50 }, (_unused, index) =>
        wireEvent({ timestamp: new Date(now - index * 1000).toISOString() }),
      );
      await postEvents(app, recent, { token: admin.accessToken });
      await postEvents(app, recent, { token: admin.accessToken });
      const late = Array.from({ length: 10 }, () =>
        wireEvent({ event_name: 'late_event', timestamp: new Date(now - 3_600_000).toISOString() }),
      );
      await postEvents(app, late, { token: admin.accessToken });
      expect(await admin.api.analytics.summary({ query: {} })).to.deep.include({
        totalEvents: 110,
        bufferedEvents: 100,
        trimmedEvents: 10,
      });
    });
  });

  describe('at the default cap of 100,000', () => {
    let app: TestService;
    let admin: TestUser;

    before(async () => {
      app = await startTestService();
      admin = await app.createUser({ role: 'admin' });
    });

    after(async () => {
      await app.stop();
    });

    it('trims automatically once 100,000 raw events are buffered', async function () {
      this.timeout(120_000);
      const base = Date.now() - 10 * 60_000;
      // the first 100,000 go straight to the service (2,000 batches of 50, as the route passes them on)
      const ingestion = app.service.container.analytics.service;
      for (let round = 0; round < 2000; round += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_unused, offset) => {
            const first = (round + offset) * 50;
            const { events } = analyticsBatchSchema.parse({
              events: Array.from({ length: 50 }, (_event, index) =>
                wireEvent({ timestamp: new Date(base + first + index).toISOString() }),
              ),
            });
            return ingestion.ingest(null, events);
          }),
        );
      }
      expect(await admin.api.analytics.summary({ query: {} })).to.deep.include({
        totalEvents: 100_000,
        bufferedEvents: 100_000,
        trimmedEvents: 0,
      });
      // one more batch over HTTP pushes the 50 oldest out
      await ingestMany(app, 50, () => wireEvent());
      expect(await admin.api.analytics.summary({ query: {} })).to.deep.include({
        totalEvents: 100_050,
        bufferedEvents: 100_000,
        trimmedEvents: 50,
        maxEvents: 100_000,
      });
    });
  });
});
