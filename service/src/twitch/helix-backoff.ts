import { exponential, type BackoffStrategy } from 'agenda';
import { HelixRateLimitedError } from './helix-rate-limit';

/**
 * A job's retry policy when it calls Helix: exponential back-off, except that a job stopped by
 * Helix's rate limit (HelixRateLimitedError) is retried just after `Ratelimit-Reset`, with a little
 * jitter so the waiting jobs do not all call at the same instant.
 */
export function helixAwareBackoff(options: { retryBaseMs: number; maxRetries: number }): BackoffStrategy {
  const standard = exponential({ delay: options.retryBaseMs, factor: 2, maxRetries: options.maxRetries, jitter: 0.2 });
  return (context) => {
    if (context.error instanceof HelixRateLimitedError) {
      // waiting for the limit is not the job's fault: it does not use up its retries
      return Math.max(0, context.error.resetAt.getTime() - Date.now()) + Math.round(Math.random() * 250);
    }
    return standard(context);
  };
}
