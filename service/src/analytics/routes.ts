import { Router, type RequestHandler } from 'express';
import { analyticsEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { clientIp, type RateLimiter } from '../rate-limit/rate-limiter';
import type { AnalyticsApi } from './analytics.api';

export interface AnalyticsRouterDependencies {
  callers: CallerVerifiers;
  api: AnalyticsApi;
  /** Batches per IP from senders without a token, counted before the body is validated. */
  anonymousLimiter: RateLimiter;
}

export function createAnalyticsRouter({ callers, api, anonymousLimiter }: AnalyticsRouterDependencies): Router {
  const router = Router();
  const limitAnonymous: RequestHandler = (req, _res, next) => {
    if (req.headers.authorization) {
      next();
      return;
    }
    anonymousLimiter.consume(clientIp(req)).then(() => next(), next);
  };

  bindRoute(router, callers, analyticsEndpoints.ingest, ({ principal, body }) => api.ingest(principal, body.events), {
    before: [limitAnonymous],
  });

  bindRoute(router, callers, analyticsEndpoints.health, async ({ res }) => {
    const health = await api.health();
    res.status(health.status === 'healthy' ? 200 : 503);
    return health;
  });

  bindRoute(router, callers, analyticsEndpoints.summary, ({ principal, query }) => api.summary(principal, query.top));
  bindRoute(router, callers, analyticsEndpoints.clear, ({ principal }) => api.clear(principal));
  bindRoute(router, callers, analyticsEndpoints.flush, ({ principal }) => api.flush(principal));
  bindRoute(router, callers, analyticsEndpoints.flushStatus, ({ principal }) => api.flushStatus(principal));
  bindRoute(router, callers, analyticsEndpoints.popularAssets, ({ principal, query }) =>
    api.popularAssetTypes(principal, query.days, query.limit),
  );

  return router;
}
