import { Router, type RequestHandler } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { clientIp, type RateLimiter } from '../rate-limit/rate-limiter';
import type { AnalyticsService } from './analytics.service';
import type { AnalyticsFlushService } from './flush.service';
import { analyticsEndpoints } from '@aurastream/contract';

export interface AnalyticsRouterDependencies {
  analytics: AnalyticsService;
  flush: AnalyticsFlushService;
  callers: CallerVerifiers;
  /** Batches per IP from senders without a token, counted before the body is validated. */
  anonymousLimiter: RateLimiter;
  /** Batches per signed-in user. */
  userLimiter: RateLimiter;
}

export function createAnalyticsRouter(deps: AnalyticsRouterDependencies): Router {
  const router = Router();
  const limitAnonymous: RequestHandler = (req, _res, next) => {
    if (req.headers.authorization) {
      next();
      return;
    }
    deps.anonymousLimiter.consume(clientIp(req)).then(() => next(), next);
  };

  bindRoute(
    router,
    deps.callers,
    analyticsEndpoints.ingest,
    async ({ principal, body }) => {
      if (principal) {
        await deps.userLimiter.consume(principal.id);
      }
      return deps.analytics.ingest(principal?.id ?? null, body.events);
    },
    { before: [limitAnonymous] },
  );

  bindRoute(router, deps.callers, analyticsEndpoints.health, async ({ res }) => {
    const health = await deps.analytics.health();
    res.status(health.status === 'healthy' ? 200 : 503);
    return health;
  });

  bindRoute(router, deps.callers, analyticsEndpoints.summary, async ({ query }) => deps.analytics.summary(query.top));

  bindRoute(router, deps.callers, analyticsEndpoints.clear, async () => deps.analytics.clear());

  bindRoute(router, deps.callers, analyticsEndpoints.flush, async () => deps.flush.flush());

  bindRoute(router, deps.callers, analyticsEndpoints.flushStatus, async () => deps.flush.status());

  bindRoute(router, deps.callers, analyticsEndpoints.popularAssets, async ({ query }) =>
    deps.analytics.popularAssetTypes(query.days, query.limit),
  );

  return router;
}
