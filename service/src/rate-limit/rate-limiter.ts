import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RequestHandler, Request, Response } from 'express';
import { RedisScript } from '../db/redis-script';
import { DependencyUnavailableError, RateLimitError } from '../shared/errors';

export interface RateLimitRule {
  /** Bucket name, part of the Redis key (`ratelimit:<name>:<subject>`). */
  name: string;
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
  /** Once exhausted, refuse for this long (defaults to the rest of the window). */
  blockSeconds?: number;
  /** Message shown with the 429. */
  message?: string;
  /**
   * What a request gets while Redis (where the counts live) cannot be reached. `refuse` (fail
   * closed, a 503): the limit guards against abuse that must not go unchecked for a moment — password
   * guessing, paid generation, LLM calls, writes. `allow` (fail open): the limit only spreads the load
   * of cheap reads, which are better served uncounted than not at all.
   */
  whenUnavailable: 'refuse' | 'allow';
}

/**
 * Rate limits kept in Redis, so every service instance shares them. A thin layer over
 * `rate-limiter-flexible`: `consume` throws a RateLimitError (429 with Retry-After) when a subject
 * is over its limit.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    readonly redis: Redis,
    readonly rule: RateLimitRule,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      // the connection already prefixes keys with REDIS_KEY_PREFIX
      keyPrefix: `ratelimit:${rule.name}`,
      points: rule.points,
      duration: rule.durationSeconds,
      blockDuration: rule.blockSeconds ?? 0,
      // while Redis is reconnecting, decide at once instead of queueing the count behind the reconnection
      rejectIfRedisNotReady: true,
    });
  }

  /** Counts `points` against `subject`; throws RateLimitError once the limit is reached. */
  async consume(subject: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(subject, points);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw this.refusal(error.msBeforeNext);
      }
      // anything else is the store failing: Redis down, restarting or not yet connected
      if (this.rule.whenUnavailable === 'allow') {
        return;
      }
      throw new DependencyUnavailableError('redis');
    }
  }

  /** The Redis key of a subject's count: rate-limiter-flexible's, so `consumeAll` counts in the same place. */
  keyOf(subject: string): string {
    return `ratelimit:${this.rule.name}:${subject}`;
  }

  /** The refusal of a count that went past the limit. */
  refusal(msBeforeNext: number): RateLimitError {
    return new RateLimitError(Math.max(1, Math.ceil(msBeforeNext / 1000)), this.rule.message);
  }

  /** Forgets a subject's count (e.g. failed logins after a successful one). */
  async reset(subject: string): Promise<void> {
    await this.limiter.delete(subject);
  }
}

/** One request's count against one limit. */
export interface LimitCount {
  limiter: RateLimiter;
  subject: string;
}

/**
 * rate-limiter-flexible's count of one key (`incrTtlLuaScript`: the window starts with the first
 * count, and a count without an expiry gets one), answering the count and its time to live.
 */
const COUNT_ONE = `
local function countOne(key, seconds)
  redis.call('set', key, 0, 'EX', seconds, 'NX')
  local consumed = redis.call('incrby', key, 1)
  local ttl = redis.call('pttl', key)
  if ttl == -1 then
    redis.call('expire', key, seconds)
    ttl = 1000 * seconds
  end
  return consumed, ttl
end
`;

/** `COUNT_ONE` for each key in turn, answering `{consumed, ttl}` per key. */
const countEach = new RedisScript(`${COUNT_ONE}
local answers = {}
for i, key in ipairs(KEYS) do
  answers[2 * i - 1], answers[2 * i] = countOne(key, ARGV[i])
end
return answers
`);

/**
 * Counts one request against several limits in one Redis call, exactly as each limiter's `consume`
 * would (same keys, windows and refusals): every count is taken, then the first limit passed is
 * refused. While Redis cannot be reached, a limit that fails closed refuses (503) and the others
 * let the request through. Limits that block for longer than their window take their own calls.
 */
export async function consumeAll(counts: readonly LimitCount[]): Promise<void> {
  const redis = counts[0]?.limiter.redis;
  if (
    !redis ||
    counts.length === 1 ||
    counts.some(({ limiter }) => limiter.redis !== redis || (limiter.rule.blockSeconds ?? 0) > 0)
  ) {
    await Promise.all(counts.map(({ limiter, subject }) => limiter.consume(subject)));
    return;
  }
  let answers: number[];
  try {
    if (redis.status !== 'ready') {
      throw new DependencyUnavailableError('redis');
    }
    answers = (await countEach.run(
      redis,
      counts.map(({ limiter, subject }) => limiter.keyOf(subject)),
      counts.map(({ limiter }) => limiter.rule.durationSeconds),
    )) as number[];
  } catch {
    if (counts.some(({ limiter }) => limiter.rule.whenUnavailable === 'refuse')) {
      throw new DependencyUnavailableError('redis');
    }
    return;
  }
  for (const [index, { limiter }] of counts.entries()) {
    if (Number(answers[2 * index]) > limiter.rule.points) {
      throw limiter.refusal(Number(answers[2 * index + 1]));
    }
  }
}

/**
 * Counts KEYS[1..n] with `COUNT_ONE` (ARGV[1] is n, then each window in seconds, then each
 * limit's points) and stops with `{'refused', index, ttl}` at the first limit passed, every count
 * taken; otherwise the body runs, reading its own keys and arguments as KEY(i) and ARG(i).
 */
const LIMITS_PRELUDE = `${COUNT_ONE}
local limits = tonumber(ARGV[1])
local refused = 0
local refusedTtl = 0
for i = 1, limits do
  local consumed, ttl = countOne(KEYS[i], ARGV[1 + i])
  if refused == 0 and consumed > tonumber(ARGV[1 + limits + i]) then
    refused = i
    refusedTtl = ttl
  end
end
if refused > 0 then
  return {'refused', refused, refusedTtl}
end
local function KEY(i) return KEYS[limits + i] end
local function ARG(i) return ARGV[1 + 2 * limits + i] end
`;

/**
 * A Redis script guarded by rate limits: one call counts the request against every limit, exactly
 * as `consumeAll` would (same keys, windows and refusals), and runs the script's body only when all
 * passed, so a refused request changes nothing and an admitted one costs one round trip for its
 * counts and its change together. The body reads its keys and arguments as `KEY(i)` and `ARG(i)`,
 * and must not answer a list starting with the string `'refused'`.
 */
export class ScriptAfterLimits {
  private readonly script: RedisScript;

  constructor(body: string) {
    this.script = new RedisScript(`${LIMITS_PRELUDE}\n${body}`);
  }

  /** The body's answer once every count passed; throws the first limit's refusal (429) otherwise. */
  async run(
    redis: Redis,
    counts: readonly LimitCount[],
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const together =
      counts.length > 0 &&
      counts.every(({ limiter }) => limiter.redis === redis && (limiter.rule.blockSeconds ?? 0) === 0);
    if (!together) {
      // limits that block for longer than their window, or kept elsewhere, take their own calls first
      await consumeAll(counts);
      return this.script.run(redis, keys, [0, ...args]);
    }
    let answer: unknown;
    try {
      answer = await this.script.run(
        redis,
        [...counts.map(({ limiter, subject }) => limiter.keyOf(subject)), ...keys],
        [
          counts.length,
          ...counts.map(({ limiter }) => limiter.rule.durationSeconds),
          ...counts.map(({ limiter }) => limiter.rule.points),
          ...args,
        ],
      );
    } catch (error) {
      // as `consumeAll` answers while Redis cannot be reached: a limit that fails closed says so
      if (counts.some(({ limiter }) => limiter.rule.whenUnavailable === 'refuse')) {
        throw new DependencyUnavailableError('redis');
      }
      throw error;
    }
    if (Array.isArray(answer) && answer[0] === 'refused') {
      throw counts[Number(answer[1]) - 1]!.limiter.refusal(Number(answer[2]));
    }
    return answer;
  }
}

/** The client's IP as Express sees it (honours TRUST_PROXY). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Express middleware limiting by client IP (or another subject). */
export function rateLimitMiddleware(
  limiter: RateLimiter,
  subjectOf: (req: Request) => string = clientIp,
): RequestHandler {
  return (req, _res, next) => {
    limiter.consume(subjectOf(req)).then(() => next(), next);
  };
}

const startedLimits = Symbol('started rate limits');

/**
 * Starts counting the request against `limiter` without waiting, so the count's round trip to
 * Redis overlaps the caller's verification; the handler waits for it with `rateLimitsPassed(res)`
 * before it acts. The count is taken whether or not the caller checks out (forged tokens cost their
 * sender too).
 */
export function startRateLimit(limiter: RateLimiter, subjectOf: (req: Request) => string = clientIp): RequestHandler {
  return (req, res, next) => {
    const pending = limiter.consume(subjectOf(req));
    // a request refused before its handler never waits for it: no unhandled rejection then
    pending.catch(() => undefined);
    const locals = res.locals as { [startedLimits]?: Promise<void>[] };
    (locals[startedLimits] ??= []).push(pending);
    next();
  };
}

/** Resolves once every limit `startRateLimit` started for this request passed; throws the 429 otherwise. */
export async function rateLimitsPassed(res: Response): Promise<void> {
  await Promise.all((res.locals as { [startedLimits]?: Promise<void>[] })[startedLimits] ?? []);
}
