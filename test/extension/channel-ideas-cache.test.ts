import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { cacheScopes, ReadCache, ReadCacheInvalidator } from '@aurastream/service/db/read-cache';
import { ChannelIdeasCache } from '../../service/src/extension/channel-ideas-cache';

/** A build the test lets finish when it says so. */
function heldBuild<T>(value: T) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    build: async () => {
      await released;
      return value;
    },
    release,
  };
}

/** The panel's ideas list cache against the run's real Redis, through the service's own connection. */
describe("ChannelIdeasCache: each channel's panel ideas list in the shared read cache", () => {
  let app: TestService;
  let cache: ReadCache;
  let lists: ChannelIdeasCache;

  before(async () => {
    app = await startTestService();
    cache = new ReadCache(app.service.infra.redis, 'test-channel-ideas', 60);
    lists = new ChannelIdeasCache({ cache, scopes: new ReadCacheInvalidator(app.service.infra.redis) });
  });
  after(async () => {
    await app?.stop();
  });

  it('builds once for readers arriving together, then answers the stored list', async () => {
    const channel = randomUUID();
    let builds = 0;
    const held = heldBuild({ pending: ['idea'] });
    const build = () => {
      builds++;
      return held.build();
    };
    const readers = Array.from({ length: 5 }, () => lists.read(channel, build));
    // every reader has missed and joined the one build before it finishes
    await new Promise((resolve) => setTimeout(resolve, 100));
    held.release();
    const answers = await Promise.all(readers);
    expect(builds).to.equal(1);
    expect(new Set(answers.map((answer) => answer.etag)).size).to.equal(1);
    expect(JSON.parse((await lists.read(channel, build)).json)).to.deep.equal({ pending: ['idea'] });
    expect(builds).to.equal(1);
  });

  it('never hands a reader after a change the build started before it', async () => {
    const channel = randomUUID();
    const before = heldBuild('before the vote');
    const stale = lists.read(channel, before.build);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await lists.invalidate(channel);
    const fresh = await lists.read(channel, async () => 'after the vote');
    before.release();
    expect(JSON.parse((await stale).json)).to.equal('before the vote');
    expect(JSON.parse(fresh.json)).to.equal('after the vote');
    // the slow build was stored under the old version: it is never served (it may displace the
    // fresh entry, which then is built again)
    expect(JSON.parse((await lists.read(channel, async () => 'rebuilt')).json)).to.not.equal('before the vote');
  });

  it("retires one channel's list on a change, not another channel's nor its owner's other answers", async () => {
    const [changed, untouched, owner] = [randomUUID(), randomUUID(), randomUUID()];
    await lists.read(changed, async () => 'changed v1');
    await lists.read(untouched, async () => 'untouched v1');
    const showcases = new ReadCache(app.service.infra.redis, 'test-showcase', 60);
    await showcases.getOrLoad(owner, cacheScopes.owner(owner), async () => 'showcase v1');
    await lists.invalidate(changed);
    expect(JSON.parse((await lists.read(changed, async () => 'changed v2')).json)).to.equal('changed v2');
    expect(JSON.parse((await lists.read(untouched, async () => 'untouched v2')).json)).to.equal('untouched v1');
    expect(JSON.parse((await showcases.read(owner))!.json)).to.equal('showcase v1');
  });

  it('retires the lists changed in one turn together, once, and every reader after the change sees a new build', async () => {
    const channels = [randomUUID(), randomUUID(), randomUUID()];
    for (const channel of channels) {
      await lists.read(channel, async () => `${channel} v1`);
    }
    const versions = () => Promise.all(channels.map((channel) => cache.version(cacheScopes.channelIdeas(channel))));
    const before = await versions();
    // a burst of votes: each channel changed several times, each change reported twice
    await Promise.all(channels.flatMap((channel) => Array.from({ length: 4 }, () => lists.invalidate(channel))));
    const after = await versions();
    expect(after.map((version, index) => Number(version) - Number(before[index]))).to.deep.equal([1, 1, 1]);
    for (const channel of channels) {
      expect(JSON.parse((await lists.read(channel, async () => `${channel} v2`)).json)).to.equal(`${channel} v2`);
    }
    // a change after that retires the list again
    await lists.invalidate(channels[0]!);
    expect(JSON.parse((await lists.read(channels[0]!, async () => 'v3')).json)).to.equal('v3');
  });
});
