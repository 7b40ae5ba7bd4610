import { Router } from 'express';
import { systemEndpoints } from '@aurastream/contract';
import { bindHotRoute, hotRoute, type HotRoute } from '../http/hot-route';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { SystemApi } from './system.api';

/** Liveness, polled by every load balancer: never cached on the way. */
export function systemHotRoutes(api: SystemApi): HotRoute[] {
  return [
    hotRoute({
      endpoint: systemEndpoints.health,
      cacheControl: 'no-store',
      answer: async () => ({ json: JSON.stringify(api.health()) }),
    }),
  ];
}

export function createSystemRouter({
  callers,
  api,
  hotRoutes,
}: {
  callers: CallerVerifiers;
  api: SystemApi;
  hotRoutes: HotRoute[];
}): Router {
  const router = Router();
  for (const route of hotRoutes) {
    bindHotRoute(router, callers, route);
  }
  bindRoute(router, callers, systemEndpoints.ready, async ({ res }) => {
    const readiness = await api.readiness();
    res.status(readiness.status === 'ready' ? 200 : 503);
    return readiness;
  });
  return router;
}
