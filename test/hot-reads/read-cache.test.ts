import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ReadCache, ReadCacheInvalidator } from '@aurastream/service/db/read-cache';

/** The shared read cache against the run's real Redis, through the service's own connection. */
describe('ReadCache: answers shared through Redis, retired by their scope', () => {
  let app: TestService;
  let cache: ReadCache;
  let scopes: ReadCacheInvalidator;

  before(async () => {
    app = await startTestService();
    cache = new ReadCache(app.service.infra.redis, 'test-answers', 60);
    scopes = new ReadCacheInvalidator(app.service.infra.redis);
  });
  after(async () => {
    await app?.stop();
  });

  it('loads once, then answers the stored JSON and ETag', async () => {
    let loads = 0;
    const load = async () => ({ value: ++loads });
    const first = await cache.getOrLoad('a', 'scope-a', load);
    const second = await cache.getOrLoad('a', 'scope-a', load);
    expect(loads).to.equal(1);
    expect(second).to.deep.equal(first);
    expect(JSON.parse(second.json)).to.deep.equal({ value: 1 });
    expect(second.etag).to.match(/^"[\w-]{27}"$/);
  });

  it('stops answering an entry once its scope changes, and leaves other scopes alone', async () => {
    const [one, two] = [randomUUID(), randomUUID()];
    await cache.getOrLoad('x', one, async () => 'x1');
    await cache.getOrLoad('y', two, async () => 'y1');
    await scopes.invalidate(one);
    expect(await cache.read('x')).to.equal(null);
    expect(JSON.parse((await cache.read('y'))!.json)).to.equal('y1');
    expect(JSON.parse((await cache.getOrLoad('x', one, async () => 'x2')).json)).to.equal('x2');
  });

  it('never keeps as current an answer built while its scope changed', async () => {
    const scope = randomUUID();
    // the build reads its data, then the data changes (and the scope with it) before the build is stored
    const racing = await cache.getOrLoad('race', scope, async () => {
      await scopes.invalidate(scope);
      return 'built from the old data';
    });
    expect(JSON.parse(racing.json)).to.equal('built from the old data');
    expect(await cache.read('race')).to.equal(null);
    expect(JSON.parse((await cache.getOrLoad('race', scope, async () => 'new data')).json)).to.equal('new data');
  });

  it('stops answering the copy a process keeps once another process changes the scope', async () => {
    // two processes' caches over the same Redis: each keeps the answers it read in memory
    const here = new ReadCache(app.service.infra.redis, 'test-kept', 60);
    const there = new ReadCache(app.service.infra.redis, 'test-kept', 60);
    const elsewhere = new ReadCacheInvalidator(app.service.infra.redis);
    const scope = randomUUID();
    await here.getOrLoad('kept', scope, async () => 'v1');
    expect(JSON.parse((await there.read('kept'))!.json)).to.equal('v1');
    expect(JSON.parse((await there.read('kept'))!.json)).to.equal('v1');

    await elsewhere.invalidate(scope);
    expect(await there.read('kept')).to.equal(null);
    expect(await here.read('kept')).to.equal(null);
    await there.getOrLoad('kept', scope, async () => 'v2');
    expect(JSON.parse((await here.read('kept'))!.json)).to.equal('v2');
  });

  it('keeps a copy no longer than the entry lives in Redis', async () => {
    let now = Date.now();
    const kept = new ReadCache(app.service.infra.redis, 'test-kept-age', 1, { now: () => now });
    const key = randomUUID();
    await kept.getOrLoad(key, randomUUID(), async () => 'short-lived');
    expect(JSON.parse((await kept.read(key))!.json)).to.equal('short-lived');
    // past the TTL the copy is not answered, and Redis's entry (expired) is not either
    now += 1_500;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await kept.read(key)).to.equal(null);
  });

  it('keeps nothing when its TTL is 0', async () => {
    const off = new ReadCache(app.service.infra.redis, 'test-off', 0);
    let loads = 0;
    await off.getOrLoad('k', 'scope', async () => ++loads);
    await off.getOrLoad('k', 'scope', async () => ++loads);
    expect(loads).to.equal(2);
    expect(await off.read('k')).to.equal(null);
  });
});
