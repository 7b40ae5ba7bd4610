import { Router } from 'express';
import { coachEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { CoachApi } from './coach.api';
import { sseCoachSink } from './sse-coach-sink';

export interface CoachRouterDependencies {
  callers: CallerVerifiers;
  api: CoachApi;
}

/** The coach's routes; its turns stream as server-sent events. */
export function createCoachRouter({ callers, api }: CoachRouterDependencies): Router {
  const router = Router();

  bindRoute(router, callers, coachEndpoints.tips, async ({ principal, query }) => api.tips(principal, query));
  bindRoute(router, callers, coachEndpoints.access, ({ principal }) => api.access(principal));
  bindRoute(router, callers, coachEndpoints.start, ({ principal, body, res }) =>
    api.start(principal, body, sseCoachSink(res)),
  );
  bindRoute(router, callers, coachEndpoints.sendMessage, ({ principal, params, body, res }) =>
    api.sendMessage(principal, params.id, body.message, sseCoachSink(res)),
  );
  bindRoute(router, callers, coachEndpoints.getSession, ({ principal, params }) =>
    api.getSession(principal, params.id),
  );
  bindRoute(router, callers, coachEndpoints.endSession, ({ principal, params }) =>
    api.endSession(principal, params.id),
  );

  return router;
}
