import { Router, type RequestHandler } from 'express';
import { bindRoute, type AuthenticateRequest } from '../http/route';
import { clientIp, type RateLimiter } from '../rate-limit/rate-limiter';
import type { AnalyticsService } from './analytics.service';
import type { AnalyticsFlushService } from './flush.service';
import { analyticsEndpoints } from '@aurastream/contract';

export interface AnalyticsRouterDependencies {
  analytics: AnalyticsService;
  flush: AnalyticsFlushService;
  authenticate: AuthenticateRequest;
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
    deps.authenticate,
    analyticsEndpoints.ingest,
    async ({ actor, body }) => {
      if (actor) {
        await deps.userLimiter.consume(actor.id);
      }
      return deps.analytics.ingest(actor?.id ?? null, body.events);
    },
    { before: [limitAnonymous] },
  );

  bindRoute(router, deps.authenticate, analyticsEndpoints.health, async ({ res }) => {
    const health = await deps.analytics.health();
    res.status(health.status === 'healthy' ? 200 : 503);
    return health;
  });

  bindRoute(router, deps.authenticate, analyticsEndpoints.summary, async ({ query }) =>
    deps.analytics.summary(query.top),
  );

  bindRoute(router, deps.authenticate, analyticsEndpoints.clear, async () => deps.analytics.clear());

  bindRoute(router, deps.authenticate, analyticsEndpoints.flush, async () => deps.flush.flush());

  bindRoute(router, deps.authenticate, analyticsEndpoints.flushStatus, async () => deps.flush.status());

  bindRoute(router, deps.authenticate, analyticsEndpoints.popularAssets, async ({ query }) =>
    deps.analytics.popularAssetTypes(query.days, query.limit),
  );

  return router;
}
