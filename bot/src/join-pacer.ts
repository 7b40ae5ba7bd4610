import type { Redis } from 'ioredis';
import { botKeys } from './bot-keys';
import type { Clock } from './clock';

/**
 * Twitch lets an account JOIN 20 channels per 10 s (the rest are dropped silently). Kept with a
 * margin, as Twitch counts when a JOIN arrives, not when it left.
 */
export const TWITCH_JOIN_LIMIT = { joins: 18, windowMs: 11_000 } as const;

// KEYS: the account's join window. ARGV: now, window ms, joins per window, a unique id.
// Answers 0 when the join may go now, else the ms to wait.
const TAKE_JOIN = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

type PacerRedis = Redis & {
  chatJoinTake(key: string, now: number, windowMs: number, joins: number, id: string): Promise<number>;
};

/**
 * Paces an account's JOINs within Twitch's limit across every bot process (the window is in Redis),
 * so reconnecting to many channels at once never loses joins.
 */
export class JoinPacer {
  private readonly redis: PacerRedis;
  private sequence = 0;

  constructor(
    redis: Redis,
    private readonly clock: Clock,
    private readonly limit: { joins: number; windowMs: number } = TWITCH_JOIN_LIMIT,
  ) {
    if (!('chatJoinTake' in redis)) {
      redis.defineCommand('chatJoinTake', { numberOfKeys: 1, lua: TAKE_JOIN });
    }
    this.redis = redis as PacerRedis;
  }

  /** 0 when the account may join now (and the join is counted), else how long to wait. */
  async take(account: string): Promise<number> {
    this.sequence += 1;
    return this.redis.chatJoinTake(
      botKeys.joinWindow(account),
      this.clock.now(),
      this.limit.windowMs,
      this.limit.joins,
      `${process.pid}-${Date.now()}-${this.sequence}`,
    );
  }
}
