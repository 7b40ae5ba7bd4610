import type { Redis } from 'ioredis';
import { errorCodes } from '@aurastream/contract';
import { redisKeys } from '../db/redis-keys';
import { RateLimitError } from '../shared/errors';
import type { Logger } from '../shared/logger';

declare module '@twurple/api-call' {
  /** Node's fetch takes an undici dispatcher per request (twurple's documented way to extend these). */
  interface TwitchApiCallFetchOptions {
    dispatcher?: unknown;
  }
}

/**
 * Helix's rate limits, shared by every AuraStream process.
 *
 * What twurple does (`@twurple/api`'s HelixRateLimiter, one per ApiClient and user): it reads
 * `Ratelimit-Remaining`/`Ratelimit-Reset` from each answer; when a 429 arrives with no points left
 * it puts the request back in its queue and retries it, unseen by the caller, once
 * `Ratelimit-Reset` has passed; when an answer says `Ratelimit-Remaining: 0` it holds the next
 * requests until then. That is right within one client, but it knows nothing of other processes
 * (or other clients of the same bucket), and its wait is invisible: a job would sit on a worker,
 * a request would hang.
 *
 * What this adds: every Helix answer's headers are recorded in Redis per bucket (the app's, or the
 * app's with one user's), and before calling Helix a caller asks `HelixBudget.check`: a bucket known
 * to be empty throws `HelixRateLimitedError` with the reset time, so a job is rescheduled then
 * (freeing its worker) and a request answers 429 with `Retry-After`, instead of every process
 * sending requests into an empty bucket. A 429 that still happens is handled by twurple as above.
 */

/** How a bucket stands, as Helix last said. */
export interface HelixBucketState {
  remaining: number;
  resetAt: Date;
}

/** Helix's bucket is empty until `resetAt`: a job retries then, a request answers 429. */
export class HelixRateLimitedError extends RateLimitError {
  constructor(readonly resetAt: Date) {
    super(
      Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)),
      "Twitch's API limit for this channel is used up for the moment; try again shortly",
      errorCodes.twitchRateLimited,
    );
  }
}

/** The bucket a request draws from: the app's own, or the app's with a user's token. */
export type HelixBucket = 'app' | `user:${string}`;

export class HelixBudget {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  /** Records what a Helix answer said (headers missing: nothing to learn). */
  async record(bucket: HelixBucket, state: HelixBucketState): Promise<void> {
    const key = redisKeys.helixRateLimit(bucket);
    const ttlMs = Math.max(1000, state.resetAt.getTime() - Date.now() + 1000);
    await this.redis
      .multi()
      .hset(key, { remaining: String(state.remaining), reset_at: String(state.resetAt.getTime()) })
      .pexpire(key, ttlMs)
      .exec();
  }

  async state(bucket: HelixBucket): Promise<HelixBucketState | null> {
    const stored = await this.redis.hgetall(redisKeys.helixRateLimit(bucket));
    if (stored.remaining === undefined || stored.reset_at === undefined) {
      return null;
    }
    return { remaining: Number(stored.remaining), resetAt: new Date(Number(stored.reset_at)) };
  }

  /** Throws HelixRateLimitedError while the bucket is known to be empty. */
  async check(bucket: HelixBucket): Promise<void> {
    const state = await this.state(bucket);
    if (state && state.remaining <= 0 && state.resetAt.getTime() > Date.now()) {
      this.logger.warn({ bucket, resetAt: state.resetAt }, 'Helix rate limit used up: backing off until it resets');
      throw new HelixRateLimitedError(state.resetAt);
    }
  }
}

interface UndiciHandler {
  onHeaders?(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean;
  [key: string]: unknown;
}

interface UndiciDispatcher {
  dispatch(options: unknown, handler: UndiciHandler): boolean;
}

/** The dispatcher Node's `fetch` uses (undici's global one, registered under this symbol). */
function globalDispatcher(): UndiciDispatcher | null {
  const found = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
  return found && typeof (found as UndiciDispatcher).dispatch === 'function' ? (found as UndiciDispatcher) : null;
}

/**
 * When the bucket has a point again, from an answer's `Ratelimit-*` headers. Twitch's
 * `Ratelimit-Reset` is when the bucket is full again; it refills continuously, so an answer that
 * leaves it empty means one point is back after 1/limit of that time. A 429's reset is taken as
 * it is (the earliest retry Twitch names).
 */
export function rateLimitOf(statusCode: number, rawHeaders: Buffer[], now = Date.now()): HelixBucketState | null {
  const headers = new Map<string, string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    headers.set(String(rawHeaders[index]).toLowerCase(), String(rawHeaders[index + 1]));
  }
  const remaining = Number(headers.get('ratelimit-remaining') ?? Number.NaN);
  const reset = Number(headers.get('ratelimit-reset') ?? Number.NaN) * 1000;
  const limit = Number(headers.get('ratelimit-limit') ?? Number.NaN);
  if (Number.isNaN(remaining) || Number.isNaN(reset)) {
    return null;
  }
  if (statusCode === 429 || remaining > 0 || Number.isNaN(limit) || limit <= 0) {
    return { remaining, resetAt: new Date(reset) };
  }
  return { remaining, resetAt: new Date(now + Math.max(0, reset - now) / limit) };
}

/**
 * twurple's `fetchOptions` for an ApiClient whose Helix answers should be recorded in the budget:
 * an undici dispatcher (Node's fetch takes one per request) that reads `Ratelimit-*` from each
 * answer's headers and hands the request to Node's own dispatcher untouched (by the time fetch
 * calls it, undici has registered that one under its global symbol).
 */
export function helixFetchOptions(budget: HelixBudget, bucket: HelixBucket): { dispatcher: unknown } {
  const observing = {
    dispatch(options: unknown, handler: UndiciHandler): boolean {
      const target = globalDispatcher();
      if (!target) {
        throw new Error("Node's fetch dispatcher is not available");
      }
      const wrapped: UndiciHandler = Object.create(handler) as UndiciHandler;
      wrapped.onHeaders = (statusCode, rawHeaders, resume, statusText) => {
        const state = rateLimitOf(statusCode, rawHeaders);
        if (state) {
          void budget.record(bucket, state).catch(() => undefined);
        }
        return handler.onHeaders ? handler.onHeaders.call(handler, statusCode, rawHeaders, resume, statusText) : true;
      };
      return target.dispatch(options, wrapped);
    },
    close: async () => undefined,
    destroy: async () => undefined,
    on() {
      return observing;
    },
    once() {
      return observing;
    },
    off() {
      return observing;
    },
    emit: () => false,
  };
  return { dispatcher: observing };
}
