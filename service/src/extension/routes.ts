import { Router } from 'express';
import { extensionEndpoints } from '@aurastream/contract';
import { sendCachedAnswer } from '../http/conditional';
import { bindRoute, responseSent, type CallerVerifiers } from '../http/route';
import { rateLimitMiddleware, type RateLimiter } from '../rate-limit/rate-limiter';
import type { ExtensionApi } from './extension.api';

export interface ExtensionRouterDependencies {
  callers: CallerVerifiers;
  api: ExtensionApi;
  /** Requests per IP, counted before the viewer's token is checked, so forged tokens cost their sender too. */
  perIpLimiter: RateLimiter;
}

/** Only the viewer's browser keeps the panel (it was asked for with a viewer's token), and asks again each time. */
const PANEL_CACHE_CONTROL = 'private, no-cache';

export function createExtensionRouter({ callers, api, perIpLimiter }: ExtensionRouterDependencies): Router {
  const router = Router();
  const limitIp = { before: [rateLimitMiddleware(perIpLimiter)] };

  // viewers' browsers revalidate (no-cache) and get a 304 while the showcase is unchanged
  bindRoute(
    router,
    callers,
    extensionEndpoints.panel,
    async ({ principal, req, res }) => {
      sendCachedAnswer(req, res, await api.panelAnswer(principal), PANEL_CACHE_CONTROL);
      return responseSent;
    },
    limitIp,
  );
  bindRoute(
    router,
    callers,
    extensionEndpoints.devToken,
    ({ body }) => api.devToken(body.channel_id, body.role),
    limitIp,
  );

  return router;
}
