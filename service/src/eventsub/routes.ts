import { Router } from 'express';
import { twitchConnectionEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { EventSubApi } from './eventsub.api';

/** `POST /api/v1/twitch/eventsub`: bindRoute verifies Twitch's signature and window over the raw body. */
export function createEventSubRouter(deps: { callers: CallerVerifiers; api: EventSubApi }): Router {
  const router = Router();
  bindRoute(router, deps.callers, twitchConnectionEndpoints.eventSub, async ({ principal, body, res }) => {
    const receipt = await deps.api.receive(principal, body);
    if (receipt.kind === 'challenge') {
      // Twitch wants exactly the challenge back, as plain text
      res.status(200).type('text/plain').send(receipt.challenge);
      return;
    }
    res.status(204).end();
  });
  return router;
}
