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
import { createCoachApi } from './coach.api';
import { createCoachRouter } from './routes';
import { CoachSessionStore } from './session-store';
import { CoachStreamSlots } from './stream-slots';
import { CoachPromptSuggester } from './prompt-suggester';

export interface CoachFeatureDependencies {
  config: Config;
  redis: Redis;
  logger: Logger;
  /** Twitch channel context for grounding; null until Twitch is wired or when it is not configured. */
  twitch?: TwitchContextProvider | null;
  /** AuraStream's popularity figures for grounding; null when analytics is absent. */
  popularity?: PopularityLookup | null;
}

/** The Prompt Coach: its API, the LLM or offline coach, its open turns, and one-shot suggestions. */
export function createCoachFeature(deps: CoachFeatureDependencies) {
  const { config, redis } = deps;
  const logger = deps.logger.child({ feature: 'coach' });
  const coach = config.coach;
  const store = new CoachSessionStore(redis, coach.sessionTtlSeconds);
  const llm = coach.llmBaseUrl
    ? new LlmCoach({
        baseUrl: coach.llmBaseUrl,
        apiKey: coach.llmApiKey,
        model: coach.llmModel,
        timeoutMs: coach.llmTimeoutMs,
        logger,
      })
    : null;
  const responder: CoachResponder = llm ?? new OfflineCoach(coach.offlineTokenDelayMs);
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

  const api = createCoachApi({ service, runner });
  const feature: Feature = {
    name: 'coach',
    routes: (callers) => createCoachRouter({ callers, api }),
    stop: () => runner.shutdown(),
  };
  /** Removes a deleted account's coach sessions. */
  const dataOwner: UserDataOwner = { name: 'coach', deleteAllForUser: (userId) => store.deleteAllForUser(userId) };
  /** One-shot prompts from other people's words (viewers' ideas). */
  const suggestions = new CoachPromptSuggester({ llm, timeoutMs: coach.llmTimeoutMs, logger });
  return { feature, api, dataOwner, suggestions };
}
