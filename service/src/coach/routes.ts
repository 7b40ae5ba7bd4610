import { Router, type Response } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { Logger } from '../shared/logger';
import type { CoachService } from './coach.service';
import type { CoachTurnRunner, PreparedTurn } from './coach-turn';
import { coachEndpoints } from '@aurastream/contract';
import { SseStream } from '../http/sse-stream';

export const COACH_SESSION_HEADER = 'X-Coach-Session-Id';
const HEARTBEAT_MS = 15_000;

export interface CoachRouterDeps {
  service: CoachService;
  runner: CoachTurnRunner;
  callers: CallerVerifiers;
  logger: Logger;
}

export function createCoachRouter({ service, runner, callers, logger }: CoachRouterDeps): Router {
  const router = Router();

  /** Opens the event stream (the session id in its headers) and runs the turn on it. */
  const streamTurn = async (turn: PreparedTurn, res: Response): Promise<void> => {
    const stream = new SseStream(res, {
      heartbeatMs: HEARTBEAT_MS,
      onHeartbeat: () => {
        turn.renew().catch((error: unknown) => logger.warn({ err: error }, 'coach stream lease renewal failed'));
      },
    });
    stream.open({ [COACH_SESSION_HEADER]: turn.session.id });
    await runner.run(turn, stream);
  };

  bindRoute(router, callers, coachEndpoints.tips, async ({ principal, query }) => service.tips(principal, query));

  bindRoute(router, callers, coachEndpoints.access, async ({ principal }) => service.access(principal));

  bindRoute(router, callers, coachEndpoints.start, async ({ principal, body, res }) =>
    streamTurn(await service.prepareStart(principal, body), res),
  );

  bindRoute(router, callers, coachEndpoints.sendMessage, async ({ principal, params, body, res }) =>
    streamTurn(await service.prepareMessage(principal, params.id, body.message), res),
  );

  bindRoute(router, callers, coachEndpoints.getSession, async ({ principal, params }) =>
    service.getSession(principal, params.id),
  );

  bindRoute(router, callers, coachEndpoints.endSession, async ({ principal, params }) =>
    service.endSession(principal, params.id),
  );

  return router;
}
