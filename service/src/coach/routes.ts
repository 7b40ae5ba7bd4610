import { Router, type Response } from 'express';
import { bindRoute, type AuthenticateRequest } from '../http/route';
import type { Logger } from '../shared/logger';
import type { CoachService } from './coach.service';
import type { CoachTurnRunner, PreparedTurn } from './coach-turn';
import { coachEndpoints } from '@aurastream/contract';
import { SseStream } from './sse-stream';

export const COACH_SESSION_HEADER = 'X-Coach-Session-Id';
const HEARTBEAT_MS = 15_000;

export interface CoachRouterDeps {
  service: CoachService;
  runner: CoachTurnRunner;
  authenticate: AuthenticateRequest;
  logger: Logger;
}

export function createCoachRouter({ service, runner, authenticate, logger }: CoachRouterDeps): Router {
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

  bindRoute(router, authenticate, coachEndpoints.tips, async ({ actor, query }) => service.tips(actor, query));

  bindRoute(router, authenticate, coachEndpoints.access, async ({ actor }) => service.access(actor));

  bindRoute(router, authenticate, coachEndpoints.start, async ({ actor, body, res }) =>
    streamTurn(await service.prepareStart(actor, body), res),
  );

  bindRoute(router, authenticate, coachEndpoints.sendMessage, async ({ actor, params, body, res }) =>
    streamTurn(await service.prepareMessage(actor, params.id, body.message), res),
  );

  bindRoute(router, authenticate, coachEndpoints.getSession, async ({ actor, params }) =>
    service.getSession(actor, params.id),
  );

  bindRoute(router, authenticate, coachEndpoints.endSession, async ({ actor, params }) =>
    service.endSession(actor, params.id),
  );

  return router;
}
