import { Router } from 'express';
import { extensionEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { rateLimitMiddleware, type RateLimiter } from '../rate-limit/rate-limiter';
import type { ExtensionApi } from './extension.api';

export interface ExtensionRouterDependencies {
  callers: CallerVerifiers;
  api: ExtensionApi;
  /** Requests per IP, counted before the viewer's token is checked, so forged tokens cost their sender too. */
  perIpLimiter: RateLimiter;
}

export function createExtensionRouter({ callers, api, perIpLimiter }: ExtensionRouterDependencies): Router {
  const router = Router();
  const limitIp = { before: [rateLimitMiddleware(perIpLimiter)] };

  bindRoute(router, callers, extensionEndpoints.panel, ({ principal }) => api.panel(principal), limitIp);
  bindRoute(
    router,
    callers,
    extensionEndpoints.devToken,
    ({ body }) => api.devToken(body.channel_id, body.role),
    limitIp,
  );

  return router;
}
