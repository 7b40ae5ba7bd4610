import { cacheScopes, type CachedAnswer, type ReadCache, type ReadCacheInvalidator } from '../db/read-cache';

/**
 * The panel's ideas list of each channel, serialised once with its ETag in the shared read cache
 * (`db/read-cache.ts`), in a scope of the channel's own: every change of its ideas or settings
 * retires it on every process. Simultaneous misses in this process share one build, since a vote
 * retires the list while every viewer of a live channel is asking for it; a build is shared only by
 * requests that found the scope at the same version, so no reader after a change gets what was
 * built before it.
 */
export class ChannelIdeasCache {
  private readonly building = new Map<string, Promise<CachedAnswer>>();
  /** The channels whose lists are retired at the end of this turn of the event loop, in one call. */
  private retiring: { channels: Set<string>; done: Promise<void> } | null = null;

  constructor(
    private readonly deps: {
      cache: ReadCache;
      scopes: ReadCacheInvalidator;
    },
  ) {}

  /** The channel's cached list, or `build`'s, stored for the next readers. */
  async read(channelId: string, build: () => Promise<unknown>): Promise<CachedAnswer> {
    const { cache } = this.deps;
    const cached = await cache.read(channelId);
    if (cached) {
      return cached;
    }
    const scope = cacheScopes.channelIdeas(channelId);
    // read before the data: a change made while building leaves this build stale, never current
    const version = await cache.version(scope);
    const flightKey = `${channelId}@${version}`;
    const pending = this.building.get(flightKey);
    if (pending) {
      return pending;
    }
    const flight = (async () => cache.store(channelId, scope, version, await build()))().finally(() =>
      this.building.delete(flightKey),
    );
    this.building.set(flightKey, flight);
    return flight;
  }

  /**
   * The channel's ideas or settings changed: every process's next read builds the list anew. The
   * changes of one turn of the event loop (a live channel's votes arrive hundreds at a time, and
   * each vote reports its change twice: its live event and its route) retire their lists in one
   * Redis call, made once the turn is over: after every change that asked for it, so none is
   * left showing.
   */
  invalidate(channelId: string): Promise<void> {
    if (!this.retiring) {
      const channels = new Set<string>();
      const done = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          this.retiring = null;
          this.deps.scopes.invalidate(...[...channels].map(cacheScopes.channelIdeas)).then(resolve, reject);
        });
      });
      this.retiring = { channels, done };
    }
    this.retiring.channels.add(channelId);
    return this.retiring.done;
  }
}
