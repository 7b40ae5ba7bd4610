/** Compatibility suite: Agenda 6 with @agendajs/mongo-backend against the embedded server (or MONGODB_URI). */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, constant, type Job } from 'agenda';
import { expect } from 'chai';
import { MongoClient, type Db } from 'mongodb';
import { startTestMongo, uniqueDbName, uriWithDb, waitFor, type TestMongo } from './support';

describe('embedded mongo: Agenda', function () {
  let mongo: TestMongo;
  let client: MongoClient;
  let db: Db;
  const agendas: Agenda[] = [];

  function makeAgenda(name: string): Agenda {
    const agenda = new Agenda({
      backend: new MongoBackend({ mongo: db }),
      name,
      processEvery: 50,
      defaultLockLifetime: 60_000,
    });
    agendas.push(agenda);
    return agenda;
  }

  before(async function () {
    mongo = await startTestMongo();
    client = new MongoClient(uriWithDb(mongo.uri, uniqueDbName('agenda')));
    await client.connect();
    db = client.db();
  });

  afterEach(async function () {
    await Promise.all(agendas.splice(0).map((a) => a.stop(false)));
    await db.collection('agendaJobs').deleteMany({});
  });

  after(async function () {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
    await mongo?.stop();
  });

  it('runs a job scheduled with now() and stores its result', async function () {
    const agenda = makeAgenda('single');
    const seen: unknown[] = [];
    agenda.define('greet', async (job: Job<{ who: string }>) => {
      seen.push(job.attrs.data.who);
    });
    await agenda.start();
    await agenda.now('greet', { who: 'world' });
    await waitFor(() => seen.length === 1);
    await waitFor(
      async () => (await db.collection('agendaJobs').findOne({ name: 'greet' }))?.['lastFinishedAt'] instanceof Date,
    );
    const stored = await db.collection('agendaJobs').findOne({ name: 'greet' });
    expect(stored?.['lockedAt']).to.equal(null);
    expect(seen).to.deep.equal(['world']);
  });

  it('runs schedule() and every() jobs', async function () {
    const agenda = makeAgenda('timed');
    let scheduledRuns = 0;
    let repeatingRuns = 0;
    agenda.define('later', async () => {
      scheduledRuns++;
    });
    agenda.define('tick', async () => {
      repeatingRuns++;
    });
    await agenda.start();
    await agenda.schedule(new Date(Date.now() + 200), 'later');
    await agenda.every('1 second', 'tick');
    await waitFor(() => scheduledRuns === 1 && repeatingRuns >= 2, 15_000);
    const tick = await db.collection('agendaJobs').findOne({ name: 'tick' });
    expect(tick?.['type']).to.equal('single');
    expect(tick?.['nextRunAt']).to.be.instanceOf(Date);
    expect(await db.collection('agendaJobs').countDocuments({ name: 'tick' })).to.equal(1);
  });

  it('locks jobs so two Agenda instances run each job exactly once', async function () {
    const a = makeAgenda('worker-a');
    const b = makeAgenda('worker-b');
    const runs = new Map<number, string[]>();
    for (const [agenda, label] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      agenda.define('work', async (job: Job<{ i: number }>) => {
        const list = runs.get(job.attrs.data.i) ?? [];
        list.push(label);
        runs.set(job.attrs.data.i, list);
        await new Promise((r) => setTimeout(r, 5));
      });
    }
    await Promise.all([a.start(), b.start()]);
    const total = 40;
    for (let i = 0; i < total; i++) {
      await a.now('work', { i });
    }
    await waitFor(() => runs.size === total, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const [i, list] of runs) {
      expect(list, `job ${i}`).to.have.length(1);
    }
    const byWorker = Array.from(runs.values()).flat();
    expect(byWorker.length).to.equal(total);
  });

  it('records failures with job.fail and retries with a backoff strategy', async function () {
    const agenda = makeAgenda('failing');
    let attempts = 0;
    const failures: string[] = [];
    agenda.on('fail', (err: Error) => failures.push(err.message));
    agenda.define(
      'flaky',
      async () => {
        attempts++;
        if (attempts < 3) {
          throw new Error(`attempt ${attempts} failed`);
        }
      },
      { backoff: constant({ delay: 100, maxRetries: 5 }) },
    );
    let explicitRuns = 0;
    agenda.define('explicit', async (job: Job) => {
      explicitRuns++;
      job.fail(new Error('marked as failed'));
      await job.save();
    });
    await agenda.start();
    await agenda.now('flaky');
    await agenda.now('explicit');
    await waitFor(() => attempts === 3, 15_000);
    await waitFor(
      async () => (await db.collection('agendaJobs').findOne({ name: 'flaky' }))?.['lastFinishedAt'] instanceof Date,
    );
    expect(failures).to.include.members(['attempt 1 failed', 'attempt 2 failed']);
    const flaky = await db.collection('agendaJobs').findOne({ name: 'flaky' });
    // Agenda resets failCount once the retried job succeeds.
    expect(flaky?.['failCount'] ?? 0).to.equal(0);
    expect(attempts).to.equal(3);
    await waitFor(
      async () =>
        (await db.collection('agendaJobs').findOne({ name: 'explicit' }))?.['failReason'] === 'marked as failed',
    );
    const explicit = await db.collection('agendaJobs').findOne({ name: 'explicit' });
    expect(explicit?.['failedAt']).to.be.instanceOf(Date);
    expect(explicitRuns).to.equal(1);
  });

  it('queries jobs and cancels them', async function () {
    const agenda = makeAgenda('admin');
    agenda.define('noop', async () => {});
    await agenda.schedule(new Date(Date.now() + 60_000), 'noop', { k: 1 });
    await agenda.schedule(new Date(Date.now() + 60_000), 'noop', { k: 2 });
    const result = await agenda.queryJobs({ name: 'noop' });
    expect(result.total).to.equal(2);
    expect(await agenda.cancel({ name: 'noop' })).to.equal(2);
    expect(await db.collection('agendaJobs').countDocuments({ name: 'noop' })).to.equal(0);
  });
});
