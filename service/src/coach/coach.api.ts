import type {
  CoachAccessResponse,
  CoachAssetType,
  CoachEndSessionResponse,
  coachEndpoints,
  CoachSessionView,
  CoachStartRequest,
  CoachTipCategory,
  WireResponse,
} from '@aurastream/contract';
import type { Actor } from '../auth/principal';
import type { CoachService } from './coach.service';
import type { OpenCoachSink } from './coach-sink';
import type { CoachTurnRunner, PreparedTurn } from './coach-turn';

/** The Prompt Coach: tips for everyone, coach sessions for the tiers that include it. */
export interface CoachApi {
  tips(
    principal: Actor,
    filter: { asset_type?: CoachAssetType; category?: CoachTipCategory },
  ): WireResponse<(typeof coachEndpoints)['tips']>;
  access(principal: Actor): Promise<CoachAccessResponse>;
  /**
   * Starts a session and runs its first turn into the sink `openSink` opens once the session
   * exists; resolves when the turn has ended. A refusal throws before any sink is opened.
   */
  start(principal: Actor, request: CoachStartRequest, openSink: OpenCoachSink): Promise<void>;
  /** Runs one more turn of the streamer's session into a sink, as `start` does. */
  sendMessage(principal: Actor, sessionId: string, message: string, openSink: OpenCoachSink): Promise<void>;
  getSession(principal: Actor, sessionId: string): Promise<CoachSessionView>;
  endSession(principal: Actor, sessionId: string): Promise<CoachEndSessionResponse>;
}

export function createCoachApi(deps: { service: CoachService; runner: CoachTurnRunner }): CoachApi {
  const { service, runner } = deps;

  const run = async (turn: PreparedTurn, openSink: OpenCoachSink): Promise<void> => {
    let sink;
    try {
      sink = openSink({ id: turn.session.id });
    } catch (error) {
      await turn.release();
      throw error;
    }
    await runner.run(turn, sink);
  };

  return {
    tips: (principal, filter) => service.tips(principal, filter),
    access: (principal) => service.access(principal),
    start: async (principal, request, openSink) => run(await service.prepareStart(principal, request), openSink),
    sendMessage: async (principal, sessionId, message, openSink) =>
      run(await service.prepareMessage(principal, sessionId, message), openSink),
    getSession: (principal, sessionId) => service.getSession(principal, sessionId),
    endSession: (principal, sessionId) => service.endSession(principal, sessionId),
  };
}
