import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { consumeAll, RateLimiter, ScriptAfterLimits } from '@aurastream/service/rate-limit/rate-limiter';

/** Several limits counted in one Redis call, against the run's real Redis. */
describe('consumeAll: several limits in one call, counted as each limiter counts', () => {
  let app: TestService;
  const limiter = (points: number, whenUnavailable: 'allow' | 'refuse' = 'allow') =>
    new RateLimiter(app.service.infra.redis, {
      name: `test-${randomUUID()}`,
      points,
      durationSeconds: 60,
      message: `at most ${points}`,
      whenUnavailable,
    });

  before(async () => {
    app = await startTestService();
  });
  after(async () => {
    await app?.stop();
  });

  it('shares each limiter’s count: a limit reached together is refused by consume, and the other way round', async () => {
    const perViewer = limiter(3);
    const perChannel = limiter(100);
    const count = [
      { limiter: perViewer, subject: 'viewer-1' },
      { limiter: perChannel, subject: 'channel-1' },
    ];
    await consumeAll(count);
    await consumeAll(count);
    await perViewer.consume('viewer-1');
    // the fourth count of viewer-1, whichever way it is taken
    let refused: unknown;
    await consumeAll(count).catch((error: unknown) => (refused = error));
    expect(refused).to.include({ status: 429, message: 'at most 3' });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).to.be.within(1, 60);
    await perViewer
      .consume('viewer-1')
      .then(() => expect.fail('the limit was reached through consumeAll'))
      .catch((error: unknown) => expect(error).to.include({ status: 429 }));
    // every limit was counted, the refused request too: the channel has 3 of its 100
    const channelCount = await app.service.infra.redis.get(perChannel.keyOf('channel-1'));
    expect(Number(channelCount)).to.equal(3);
  });

  it('refuses by the first limit passed, and counts the others all the same', async () => {
    const first = limiter(1);
    const second = limiter(1);
    await consumeAll([{ limiter: second, subject: 's' }]);
    let refused: unknown;
    await consumeAll([
      { limiter: first, subject: 'f' },
      { limiter: second, subject: 's' },
    ]).catch((error: unknown) => (refused = error));
    expect(refused).to.include({ status: 429, message: 'at most 1' });
    expect(Number(await app.service.infra.redis.get(first.keyOf('f')))).to.equal(1);
    expect(Number(await app.service.infra.redis.get(second.keyOf('s')))).to.equal(2);
  });

  it('starts each window with its first count, as the limiter does', async () => {
    const windowed = limiter(5);
    await consumeAll([
      { limiter: windowed, subject: 'w' },
      { limiter: limiter(5), subject: 'w' },
    ]);
    const ttl = await app.service.infra.redis.pttl(windowed.keyOf('w'));
    expect(ttl).to.be.within(55_000, 60_000);
  });

  describe('ScriptAfterLimits: the counts and the change they guard in one call', () => {
    // appends ARG(1) to the list KEY(1) and answers its length
    const append = new ScriptAfterLimits(`return redis.call('RPUSH', KEY(1), ARG(1))`);
    const run = (counts: Parameters<typeof consumeAll>[0], list: string, value: string) =>
      append.run(app.service.infra.redis, counts, [list], [value]);

    it('runs the body once every limit passed, counting each as consumeAll does', async () => {
      const perViewer = limiter(2);
      const perChannel = limiter(100);
      const list = `test-list-${randomUUID()}`;
      const counts = [
        { limiter: perViewer, subject: 'v' },
        { limiter: perChannel, subject: 'c' },
      ];
      expect(await run(counts, list, 'first')).to.equal(1);
      await consumeAll(counts);
      // the third count of v: refused by the first limit passed, every count taken, nothing appended
      let refused: unknown;
      await run(counts, list, 'refused').catch((error: unknown) => (refused = error));
      expect(refused).to.include({ status: 429, message: 'at most 2' });
      expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).to.be.within(1, 60);
      expect(await app.service.infra.redis.lrange(list, 0, -1)).to.deep.equal(['first']);
      expect(Number(await app.service.infra.redis.get(perChannel.keyOf('c')))).to.equal(3);
      expect(await app.service.infra.redis.pttl(perViewer.keyOf('v'))).to.be.within(55_000, 60_000);
    });

    it('runs the body alone without limits, and counts blocking limits in their own call first', async () => {
      const list = `test-list-${randomUUID()}`;
      expect(await run([], list, 'no limits')).to.equal(1);
      const blocking = new RateLimiter(app.service.infra.redis, {
        name: `test-${randomUUID()}`,
        points: 1,
        durationSeconds: 60,
        blockSeconds: 600,
        whenUnavailable: 'allow',
      });
      expect(await run([{ limiter: blocking, subject: 'b' }], list, 'within')).to.equal(2);
      await run([{ limiter: blocking, subject: 'b' }], list, 'blocked').then(
        () => expect.fail('a blocking limit was passed'),
        (error: unknown) => expect(error).to.include({ status: 429 }),
      );
      expect(await app.service.infra.redis.lrange(list, 0, -1)).to.deep.equal(['no limits', 'within']);
    });
  });
});
