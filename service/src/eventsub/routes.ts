import { Router } from 'express';
import { twitchConnectionEndpoints } from '@aurastream/contract';
import { bindHotRoute, hotRoute, type HotRoute } from '../http/hot-route';
import type { CallerVerifiers } from '../http/route';
import type { EventSubApi } from './eventsub.api';

/**
 * `POST /api/v1/twitch/eventsub`, Twitch's hottest request: on the fast path, read raw and verified
 * (Twitch's signature and window over the raw body) there, or by Express with the same answer.
 */
export function eventSubHotRoutes(api: EventSubApi): HotRoute[] {
  return [
    hotRoute({
      endpoint: twitchConnectionEndpoints.eventSub,
      requestBody: 'raw',
      answer: async ({ principal, body }) => {
        const receipt = await api.receive(principal, body);
        // Twitch wants exactly the challenge back, as plain text
        return receipt.kind === 'challenge' ? { text: receipt.challenge, status: 200 } : { empty: true };
      },
    }),
  ];
}

export function createEventSubRouter(deps: { callers: CallerVerifiers; hotRoutes: HotRoute[] }): Router {
  const router = Router();
  for (const route of deps.hotRoutes) {
    bindHotRoute(router, deps.callers, route);
  }
  return router;
}
