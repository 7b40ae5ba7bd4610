import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { Logger } from '../shared/logger';
import type { TwitchContextProvider } from '../twitch/channel-context';
import type { UserDataOwner } from '../users/user-data-owner';
import { CoachService } from './coach.service';
import type { CoachResponder } from './coach-responder';
import { CoachTurnRunner } from './coach-turn';
import { CoachGrounding, type PopularityLookup } from './grounding';
import { LlmCoach } from './llm-coach';
import { OfflineCoach } from './offline-coach';
import { createCoachRouter } from './routes';
import { CoachSessionStore } from './session-store';
import { CoachStreamSlots } from './stream-slots';

export interface CoachFeatureDeps {
  config: Config;
  redis: Redis;
  logger: Logger;
  /** Twitch channel context for grounding; null until Twitch is wired or when it is not configured. */
  twitch?: TwitchContextProvider | null;
  /** AuraStream's popularity figures for grounding; null when analytics is absent. */
  popularity?: PopularityLookup | null;
}

export interface CoachFeature extends Feature {
  /** Removes a deleted account's coach sessions. */
  readonly dataOwner: UserDataOwner;
}

/** The Prompt Coach: its six endpoints, the LLM or offline coach, and its open streams. */
export function createCoachFeature(deps: CoachFeatureDeps): CoachFeature {
  const { config, redis } = deps;
  const logger = deps.logger.child({ feature: 'coach' });
  const coach = config.coach;
  const store = new CoachSessionStore(redis, coach.sessionTtlSeconds);
  const responder: CoachResponder = coach.llmBaseUrl
    ? new LlmCoach({
        baseUrl: coach.llmBaseUrl,
        apiKey: coach.llmApiKey,
        model: coach.llmModel,
        timeoutMs: coach.llmTimeoutMs,
        logger,
      })
    : new OfflineCoach(coach.offlineTokenDelayMs);
  const service = new CoachService({
    store,
    slots: new CoachStreamSlots(redis, coach.maxConcurrentStreams),
    sessionLimiter: new RateLimiter(redis, {
      name: 'coach-sessions',
      points: coach.sessionsPerHour,
      durationSeconds: 3600,
      message: 'You started many coach sessions this hour; try again later',
    }),
    messageLimiter: new RateLimiter(redis, {
      name: 'coach-messages',
      points: coach.messagesPerMinute,
      durationSeconds: 60,
      message: 'You are sending coach messages too fast; wait a moment',
    }),
    limits: {
      maxTurns: coach.maxTurns,
      sessionTtlSeconds: coach.sessionTtlSeconds,
      maxConcurrentStreams: coach.maxConcurrentStreams,
      sessionsPerHour: coach.sessionsPerHour,
      messagesPerMinute: coach.messagesPerMinute,
    },
    provider: responder.provider,
  });
  const runner = new CoachTurnRunner({
    store,
    responder,
    grounding: new CoachGrounding({ twitch: deps.twitch ?? null, popularity: deps.popularity ?? null, logger }),
    maxTurns: coach.maxTurns,
    logger,
  });

  return {
    name: 'coach',
    routes: (callers) => createCoachRouter({ service, runner, callers, logger }),
    dataOwner: { name: 'coach', deleteAllForUser: (userId) => store.deleteAllForUser(userId) },
    stop: () => runner.shutdown(),
  };
}
