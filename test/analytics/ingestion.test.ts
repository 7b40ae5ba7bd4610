import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { postEvents, uniqueSession, wireEvent } from './support';

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ field: string; message: string; code: string }> };
}

describe('analytics ingestion (POST /api/v1/analytics)', () => {
  let app: TestService;
  let admin: TestUser;
  let streamer: TestUser;

  before(async () => {
    app = await startTestService({ ANALYTICS_RATE_LIMIT_ANONYMOUS: '8', ANALYTICS_RATE_LIMIT_USER: '100' });
    admin = await app.createUser({ role: 'admin' });
    streamer = await app.createUser();
  });

  after(async () => {
    await app.stop();
  });

  /** Posts one batch as the streamer and expects a 422 naming exactly `fields`. */
  async function expectRejected(events: unknown, fields: string[]): Promise<ErrorBody> {
    const result = await postEvents(app, events, { token: streamer.accessToken });
    expect(result.status, JSON.stringify(result.body)).to.equal(422);
    const body = result.body as ErrorBody;
    expect(body.error.code).to.equal('validation_failed');
    expect([...new Set(body.error.details.map((issue) => issue.field))]).to.deep.equal(fields);
    return body;
  }

  it('accepts a batch from a signed-in user and attributes it to them', async () => {
    const before = await admin.api.analytics.summary({ query: {} });
    const result = await postEvents(app, [wireEvent(), wireEvent({ event_name: 'modal_open', category: 'modal' })], {
      token: streamer.accessToken,
    });
    expect(result.status).to.equal(202);
    expect(result.body).to.deep.equal({ accepted: 2 });
    const after = await admin.api.analytics.summary({ query: {} });
    expect(after.signedInEvents - before.signedInEvents).to.equal(2);
    expect(after.anonymousEvents).to.equal(before.anonymousEvents);
  });

  it('accepts a batch from an anonymous visitor (or extension viewer) through the typed client', async () => {
    const before = await admin.api.analytics.summary({ query: {} });
    const answer = await app.api.analytics.ingest({
      body: {
        events: [
          {
            eventName: 'asset_viewed',
            category: 'user_action',
            properties: { panel: 'extension' },
            timestamp: new Date().toISOString(),
            sessionId: uniqueSession(),
            assetType: 'twitch_emote',
          },
        ],
      },
    });
    expect(answer).to.deep.equal({ accepted: 1 });
    const after = await admin.api.analytics.summary({ query: {} });
    expect(after.anonymousEvents - before.anonymousEvents).to.equal(1);
    expect(after.signedInEvents).to.equal(before.signedInEvents);
  });

  it('accepts 50 events and defaults missing properties to none', async () => {
    const events = Array.from({ length: 50 }, () => wireEvent({ properties: undefined }));
    const result = await postEvents(app, events, { token: streamer.accessToken });
    expect(result.status).to.equal(202);
    expect(result.body).to.deep.equal({ accepted: 50 });
  });

  describe('validation: the whole batch is refused and each bad event is named by its index', () => {
    it('needs an `events` array of 1 to 50 events', async () => {
      await expectRejected(undefined, ['events']);
      await expectRejected([], ['events']);
      await expectRejected('page_view', ['events']);
      await expectRejected(
        Array.from({ length: 51 }, () => wireEvent()),
        ['events'],
      );
    });

    it('checks event_name', async () => {
      const body = await expectRejected(
        [wireEvent(), wireEvent(), wireEvent({ event_name: 'Page View' })],
        ['events.2.event_name'],
      );
      expect(body.error.details[0]!.message).to.match(/lower-case/);
      await expectRejected([wireEvent({ event_name: undefined })], ['events.0.event_name']);
      await expectRejected([wireEvent({ event_name: `a${'b'.repeat(64)}` })], ['events.0.event_name']);
      await expectRejected([wireEvent({ event_name: '9lives' })], ['events.0.event_name']);
    });

    it('checks category against the 7 categories', async () => {
      await expectRejected(
        [wireEvent(), wireEvent(), wireEvent(), wireEvent({ category: 'marketing' })],
        ['events.3.category'],
      );
      await expectRejected([wireEvent({ category: undefined })], ['events.0.category']);
      for (const category of ['page', 'modal', 'wizard', 'user_action', 'feature', 'performance', 'error']) {
        const result = await postEvents(app, [wireEvent({ category })], { token: streamer.accessToken });
        expect(result.status, category).to.equal(202);
      }
    });

    it('checks properties: a flat object of at most 25 short values', async () => {
      await expectRejected([wireEvent({ properties: 'x' })], ['events.0.properties']);
      await expectRejected([wireEvent({ properties: { nested: { a: 1 } } })], ['events.0.properties.nested']);
      await expectRejected([wireEvent({ properties: { list: [1, 2] } })], ['events.0.properties.list']);
      await expectRejected([wireEvent({ properties: { text: 'x'.repeat(501) } })], ['events.0.properties.text']);
      await expectRejected([wireEvent({ properties: { 'bad key!': 1 } })], ['events.0.properties.bad key!']);
      const many = Object.fromEntries(Array.from({ length: 26 }, (_unused, index) => [`key_${index}`, index]));
      await expectRejected([wireEvent({ properties: many })], ['events.0.properties']);
      const result = await postEvents(app, [wireEvent({ properties: { a: 'x', b: 1.5, c: false, d: null } })], {
        token: streamer.accessToken,
      });
      expect(result.status).to.equal(202);
    });

    it('checks timestamp: ISO 8601, at most an hour ahead and 7 days old', async () => {
      await expectRejected([wireEvent({ timestamp: 'yesterday' })], ['events.0.timestamp']);
      await expectRejected([wireEvent({ timestamp: 1736942400000 })], ['events.0.timestamp']);
      await expectRejected([wireEvent({ timestamp: undefined })], ['events.0.timestamp']);
      const future = await expectRejected(
        [wireEvent({ timestamp: new Date(Date.now() + 2 * 3_600_000).toISOString() })],
        ['events.0.timestamp'],
      );
      expect(future.error.details[0]!.message).to.match(/future/);
      const old = await expectRejected(
        [wireEvent({ timestamp: new Date(Date.now() - 8 * 24 * 3_600_000).toISOString() })],
        ['events.0.timestamp'],
      );
      expect(old.error.details[0]!.message).to.match(/7 days/);
    });

    it('checks session_id', async () => {
      await expectRejected([wireEvent({ session_id: undefined })], ['events.0.session_id']);
      await expectRejected([wireEvent({ session_id: 'short' })], ['events.0.session_id']);
      await expectRejected([wireEvent({ session_id: 'has spaces in it' })], ['events.0.session_id']);
    });

    it('checks asset_type, which the four asset events require', async () => {
      await expectRejected([wireEvent({ asset_type: 'mug' })], ['events.0.asset_type']);
      for (const name of ['asset_generated', 'asset_viewed', 'asset_downloaded', 'asset_shared']) {
        await expectRejected(
          [wireEvent(), wireEvent({ event_name: name, category: 'user_action' })],
          ['events.1.asset_type'],
        );
      }
      const result = await postEvents(
        app,
        [
          wireEvent({ event_name: 'asset_shared', category: 'user_action', asset_type: 'starting_soon' }),
          wireEvent({ asset_type: null }),
        ],
        { token: streamer.accessToken },
      );
      expect(result.status).to.equal(202);
    });

    it('reports every bad event of the batch at once', async () => {
      await expectRejected(
        [wireEvent({ category: 'nope' }), wireEvent(), wireEvent({ session_id: 'x', event_name: 'BAD' })],
        ['events.0.category', 'events.2.event_name', 'events.2.session_id'],
      );
    });

    it('stores nothing of a refused batch', async () => {
      const before = await admin.api.analytics.summary({ query: {} });
      await expectRejected([wireEvent(), wireEvent({ category: 'nope' })], ['events.1.category']);
      const after = await admin.api.analytics.summary({ query: {} });
      expect(after.totalEvents).to.equal(before.totalEvents);
      expect(after.bufferedEvents).to.equal(before.bufferedEvents);
    });

    it('answers 422 to a body that is not JSON', async () => {
      const result = await postEvents(app, null, { token: streamer.accessToken, body: '{"events": [' });
      expect(result.status).to.equal(422);
      expect((result.body as ErrorBody).error.details[0]!.field).to.equal('body');
    });
  });

  it('forgets whose events they were when the account is deleted, and keeps counting them', async () => {
    const email = `leaving-${randomUUID()}@example.test`;
    const password = 'correct horse battery staple';
    await app.api.auth.signup({ body: { email, password, displayName: 'Leaving Streamer' } });
    const login = await app.api.auth.login({ body: { email, password } });
    const userId = login.user.id;
    expect((await postEvents(app, [wireEvent(), wireEvent()], { token: login.accessToken })).status).to.equal(202);
    // the raw events in Redis (the connection adds the test's key prefix)
    const attributed = async () =>
      (await app.service.infra.redis.zrange('analytics:events', 0, -1)).filter((member) => member.includes(userId));
    expect(await attributed()).to.have.length(2);
    const before = await admin.api.analytics.summary({ query: {} });

    await app.clientFor(login.accessToken).auth.deleteMe({ body: { password } });
    expect(await attributed()).to.deep.equal([]);
    const after = await admin.api.analytics.summary({ query: {} });
    expect(after.bufferedEvents).to.equal(before.bufferedEvents);
    expect(after.totalEvents).to.equal(before.totalEvents);
  });

  it('refuses a bad access token instead of counting the events as anonymous', async () => {
    const result = await postEvents(app, [wireEvent()], { token: 'not-a-token' });
    expect(result.status).to.equal(401);
  });

  it('rate-limits anonymous senders per IP, before their body is even read', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const result = await postEvents(app, attempt % 2 ? [wireEvent()] : [wireEvent({ category: 'nope' })]);
      statuses.push(result.status);
      if (result.status === 429) {
        retryAfter = result.headers.get('retry-after');
        expect((result.body as ErrorBody).error.code).to.equal('rate_limited');
      }
    }
    expect(statuses.filter((status) => status === 429).length).to.be.greaterThanOrEqual(2);
    expect(Number(retryAfter)).to.be.greaterThan(0);
    // a signed-in user from the same address has their own allowance
    const signedIn = await postEvents(app, [wireEvent()], { token: (await app.createUser()).accessToken });
    expect(signedIn.status).to.equal(202);
  });

  it('rate-limits each signed-in user on their own', async () => {
    const sender = await app.createUser();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 101; attempt += 1) {
      statuses.push((await postEvents(app, [wireEvent()], { token: sender.accessToken })).status);
    }
    expect(statuses.slice(0, 100).every((status) => status === 202)).to.equal(true);
    expect(statuses[100]).to.equal(429);
    const other = await postEvents(app, [wireEvent()], { token: streamer.accessToken });
    expect(other.status).to.equal(202);
  });
});
