import type { Redis } from 'ioredis';
import { botKeys } from './bot-keys';
import type { Clock } from './clock';

// KEYS: lease. ARGV: holder, ms. Extends the lease only while this holder has it.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;
// KEYS: lease. ARGV: holder. Lets go only of this holder's lease.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

type LeaseRedis = Redis & {
  chatLeaseRenew(key: string, holder: string, ms: number): Promise<number>;
  chatLeaseRelease(key: string, holder: string): Promise<number>;
};

/**
 * A lease per channel in Redis: the bot process holding it joins the channel and sends its replies,
 * so each command gets one answer however many processes run. Leases last `leaseMs` unless renewed,
 * so the channels of a process that dies are taken over within about that long. Processes share the
 * channels: each holds about its fair share of them (the live processes announce themselves with a
 * heartbeat), and lets go of any beyond it.
 */
export class ChannelLeases {
  private readonly redis: LeaseRedis;
  private readonly held = new Set<string>();

  constructor(
    redis: Redis,
    private readonly options: { holder: string; leaseMs: number; clock: Clock },
  ) {
    if (!('chatLeaseRenew' in redis)) {
      redis.defineCommand('chatLeaseRenew', { numberOfKeys: 1, lua: RENEW });
      redis.defineCommand('chatLeaseRelease', { numberOfKeys: 1, lua: RELEASE });
    }
    this.redis = redis as LeaseRedis;
  }

  get holder(): string {
    return this.options.holder;
  }

  holds(channelId: string): boolean {
    return this.held.has(channelId);
  }

  heldChannels(): string[] {
    return [...this.held];
  }

  /**
   * One round: renews what this process holds, drops what it lost or should no longer serve, and
   * takes free channels up to its fair share. Answers what it gained and what it lost.
   */
  async balance(wanted: readonly string[]): Promise<{ gained: string[]; lost: string[] }> {
    const now = this.options.clock.now();
    const { leaseMs, holder } = this.options;
    await this.redis.zadd(botKeys.processes(), now, holder);
    await this.redis.zremrangebyscore(botKeys.processes(), '-inf', now - leaseMs);
    const processes = Math.max(1, await this.redis.zcard(botKeys.processes()));
    const share = Math.ceil(wanted.length / processes);
    const wantedSet = new Set(wanted);
    const lost: string[] = [];

    // renewed together: one pipelined round trip, not one per channel
    const held = [...this.held];
    const kept = await Promise.all(
      held.map(
        async (channelId) =>
          wantedSet.has(channelId) &&
          (await this.redis.chatLeaseRenew(botKeys.lease(channelId), holder, leaseMs)) === 1,
      ),
    );
    held.forEach((channelId, index) => {
      if (!kept[index]) {
        this.held.delete(channelId);
        lost.push(channelId);
      }
    });
    // beyond the fair share: let go, so a newly started process gets some
    for (const channelId of [...this.held].slice(share)) {
      await this.release(channelId);
      lost.push(channelId);
    }
    const gained: string[] = [];
    for (const channelId of wanted) {
      if (this.held.size >= share) {
        break;
      }
      if (this.held.has(channelId)) {
        continue;
      }
      if ((await this.redis.set(botKeys.lease(channelId), holder, 'PX', leaseMs, 'NX')) === 'OK') {
        this.held.add(channelId);
        gained.push(channelId);
      }
    }
    return { gained, lost };
  }

  async release(channelId: string): Promise<void> {
    this.held.delete(channelId);
    await this.redis.chatLeaseRelease(botKeys.lease(channelId), this.options.holder);
  }

  /** Lets go of everything (a clean stop), so other processes take over at once. */
  async releaseAll(): Promise<void> {
    for (const channelId of [...this.held]) {
      await this.release(channelId);
    }
    await this.redis.zrem(botKeys.processes(), this.options.holder);
  }

  /** Forgets the leases without telling Redis (the connection is gone); they expire on their own. */
  forgetAll(): void {
    this.held.clear();
  }
}
