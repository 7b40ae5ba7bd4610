import { Router, type Response } from 'express';
import { extensionEndpoints } from '@aurastream/contract';
import { bindHotRoute, hotRoute, type HotRoute } from '../http/hot-route';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { SseStream } from '../http/sse-stream';
import { rateLimitsPassed, startRateLimit, type RateLimiter } from '../rate-limit/rate-limiter';
import type { ExtensionApi } from './extension.api';
import type { ExtensionIdeasApi } from './extension-ideas.api';

export interface ExtensionRouterDependencies {
  callers: CallerVerifiers;
  api: ExtensionApi;
  ideas: ExtensionIdeasApi;
  /** Requests per IP, counted while the viewer's token is checked, so forged tokens cost their sender too. */
  perIpLimiter: RateLimiter;
  hotRoutes: HotRoute[];
}

/** A live stream's keep-alive comment, well within proxies' idle timeouts. */
const LIVE_HEARTBEAT_MS = 25_000;

/**
 * Only the viewer's browser keeps the showcase and the ideas list (asked for with a viewer's token),
 * and asks again each time: a 304 while unchanged. The ideas list changes with every vote.
 */
const PANEL_CACHE_CONTROL = 'private, no-cache';

/**
 * The panel's two reads, asked for by every viewer's panel (from the shared cache, or a 304), and
 * its vote, which a live channel's viewers send all at once.
 */
export function extensionHotRoutes({
  api,
  ideas,
  perIpLimiter,
}: Pick<ExtensionRouterDependencies, 'api' | 'ideas' | 'perIpLimiter'>): HotRoute[] {
  return [
    hotRoute({
      endpoint: extensionEndpoints.panel,
      cacheControl: PANEL_CACHE_CONTROL,
      perIpLimiter,
      callerLimits: (principal) => api.panelLimits(principal),
      answer: ({ principal }) => api.panelAnswer(principal),
    }),
    hotRoute({
      endpoint: extensionEndpoints.ideas,
      cacheControl: PANEL_CACHE_CONTROL,
      perIpLimiter,
      callerLimits: (principal) => ideas.requestLimits(principal),
      answer: ({ principal }) => ideas.ideas(principal),
    }),
    hotRoute({
      endpoint: extensionEndpoints.vote,
      perIpLimiter,
      callerLimits: (principal) => ideas.requestLimits(principal),
      // the limits and the vote in one Redis call
      countsOwnLimits: true,
      answer: async ({ principal, params, limits }) => ({
        json: JSON.stringify(await ideas.vote(principal, params.id, limits)),
      }),
    }),
  ];
}

export function createExtensionRouter({
  callers,
  api,
  ideas,
  perIpLimiter,
  hotRoutes,
}: ExtensionRouterDependencies): Router {
  const router = Router();
  for (const route of hotRoutes) {
    bindHotRoute(router, callers, route);
  }
  const limitIp = { before: [startRateLimit(perIpLimiter)] };
  const e = extensionEndpoints;
  /** A read: the per-IP count and the read side by side. */
  const read = async <T>(res: Response, work: Promise<T>): Promise<T> =>
    (await Promise.all([work, rateLimitsPassed(res)]))[0];
  /** A change: only once the per-IP count passed. */
  const change = async <T>(res: Response, work: () => Promise<T>): Promise<T> => {
    await rateLimitsPassed(res);
    return work();
  };

  bindRoute(
    router,
    callers,
    e.devToken,
    ({ body, res }) => change(res, () => api.devToken(body.channel_id, body.role, body.user_id)),
    limitIp,
  );

  bindRoute(router, callers, e.myIdeas, ({ principal, res }) => read(res, ideas.myIdeas(principal)), limitIp);
  bindRoute(
    router,
    callers,
    e.suggest,
    ({ principal, body, res }) => change(res, () => ideas.suggest(principal, body)),
    limitIp,
  );
  bindRoute(
    router,
    callers,
    e.approve,
    ({ principal, params, body, res }) =>
      change(res, () => ideas.moderate(principal, params.id, { action: 'approve', prompt: body.prompt })),
    limitIp,
  );
  bindRoute(
    router,
    callers,
    e.reject,
    ({ principal, params, body, res }) =>
      change(res, () => ideas.moderate(principal, params.id, { action: 'reject', reason: body.reason })),
    limitIp,
  );
  bindRoute(router, callers, e.getConfig, ({ principal, res }) => read(res, ideas.config(principal)), limitIp);
  bindRoute(
    router,
    callers,
    e.updateConfig,
    ({ principal, body, res }) => change(res, () => ideas.updateConfig(principal, body)),
    limitIp,
  );

  bindRoute(
    router,
    callers,
    e.live,
    async ({ principal, res }) => {
      await rateLimitsPassed(res);
      const stream = new SseStream(res, { heartbeatMs: LIVE_HEARTBEAT_MS });
      const stop = await ideas.listen(principal, (event) => {
        void stream.send('live', event);
      });
      stream.open();
      // the stream ends with the viewer's token; the panel reconnects with the refreshed one
      const untilExpiry = setTimeout(() => stream.end(), Math.max(0, principal.expiresAt.getTime() - Date.now()));
      untilExpiry.unref();
      await new Promise<void>((resolve) => res.on('close', resolve));
      clearTimeout(untilExpiry);
      await stop();
    },
    limitIp,
  );

  return router;
}
