import type { FakeClock } from '../world/clock';

/** What Helix reports in `Ratelimit-Limit`, `Ratelimit-Remaining` and `Ratelimit-Reset`. */
export interface RateLimitState {
  allowed: boolean;
  headers: Record<string, string>;
}

/**
 * Helix's token bucket: `pointsPerMinute` points, refilled continuously, one per request, per app
 * (app tokens) or per app and user (user tokens), as Twitch documents.
 */
export class HelixRateLimiter {
  private readonly buckets = new Map<string, { points: number; at: number }>();
  private exhaustedAt: number | null = null;

  constructor(
    private readonly clock: FakeClock,
    public pointsPerMinute: number,
  ) {}

  take(key: string): RateLimitState {
    const now = this.clock.now();
    const limit = this.pointsPerMinute;
    const perMs = limit / 60_000;
    const bucket =
      this.buckets.get(key) ??
      (this.exhaustedAt === null ? { points: limit, at: now } : { points: 0, at: this.exhaustedAt });
    bucket.points = Math.min(limit, bucket.points + (now - bucket.at) * perMs);
    bucket.at = now;
    const allowed = bucket.points >= 1;
    if (allowed) {
      bucket.points -= 1;
    }
    this.buckets.set(key, bucket);
    const msUntilFull = (limit - bucket.points) / perMs;
    const msUntilNext = bucket.points >= 1 ? 0 : (1 - bucket.points) / perMs;
    const resetMs = allowed ? msUntilFull : msUntilNext;
    return {
      allowed,
      headers: {
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(Math.floor(bucket.points)),
        'ratelimit-reset': String(Math.ceil((now + resetMs) / 1000)),
      },
    };
  }

  /** Empties every bucket, present and future, from now on (tests of a client's back-off); they refill as usual. */
  exhaust(): void {
    this.buckets.clear();
    this.exhaustedAt = this.clock.now();
  }
}
