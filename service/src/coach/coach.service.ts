import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { ConflictError, NotFoundError, RateLimitError, TierLimitError } from '../shared/errors';
import { buildIntent } from './coach-intent';
import { planTurn } from './coach-plan';
import type { PreparedTurn } from './coach-turn';
import {
  errorCodes,
  type CoachAccessResponse,
  type CoachEndSessionResponse,
  type CoachProvider,
  type CoachSessionView,
  type CoachStartRequest,
  type CoachTip,
  type CoachTipCategory,
  type CoachAssetType,
} from '@aurastream/contract';
import type { CoachSessionRecord } from './session-record';
import type { CoachSessionStore, LoadedSession } from './session-store';
import type { CoachStreamSlots, StreamSlot } from './stream-slots';
import { COACH_UPGRADE_MESSAGE, TIER_ACCESS, upgradeCtaFor } from './tier-access';
import { COACH_TIPS } from './tips-catalog';

export interface CoachLimits {
  maxTurns: number;
  sessionTtlSeconds: number;
  maxConcurrentStreams: number;
  sessionsPerHour: number;
  messagesPerMinute: number;
}

export interface CoachServiceOptions {
  store: CoachSessionStore;
  slots: CoachStreamSlots;
  sessionLimiter: RateLimiter;
  messageLimiter: RateLimiter;
  limits: CoachLimits;
  provider: CoachProvider;
}

/** How long a turn's slot and lock last without a heartbeat renewing them. */
const TURN_LEASE_MS = 60_000;

/**
 * The Prompt Coach's rules: who may coach, sessions and their owners, turn and stream limits. The
 * streaming itself is the turn runner's; everything here is decided before a stream opens, so a
 * refusal is a plain JSON error.
 */
export class CoachService {
  constructor(private readonly options: CoachServiceOptions) {}

  tips(actor: Actor, filter: { asset_type?: CoachAssetType; category?: CoachTipCategory }) {
    const tips: CoachTip[] = COACH_TIPS.filter(
      (tip) =>
        (!filter.asset_type || tip.asset_type === null || tip.asset_type === filter.asset_type) &&
        (!filter.category || tip.category === filter.category),
    );
    return {
      feature: TIER_ACCESS[actor.tier].feature,
      tips,
      total: tips.length,
      upgrade_cta: upgradeCtaFor(actor.tier),
    };
  }

  async access(actor: Actor): Promise<CoachAccessResponse> {
    const access = TIER_ACCESS[actor.tier];
    const { limits } = this.options;
    return {
      tier: actor.tier,
      ...access,
      provider: this.options.provider,
      upgrade_message: access.coach_access ? null : COACH_UPGRADE_MESSAGE,
      upgrade_cta: upgradeCtaFor(actor.tier),
      limits: {
        max_turns: limits.maxTurns,
        session_ttl_seconds: limits.sessionTtlSeconds,
        max_concurrent_streams: limits.maxConcurrentStreams,
        sessions_per_hour: limits.sessionsPerHour,
        messages_per_minute: limits.messagesPerMinute,
      },
      active_streams: await this.options.slots.count(actor.id),
    };
  }

  /** Checks and creates a session, ready to stream its first answer. */
  async prepareStart(actor: Actor, request: CoachStartRequest): Promise<PreparedTurn> {
    this.requireCoach(actor);
    await this.options.sessionLimiter.consume(actor.id);
    const slot = await this.acquireSlot(actor);
    try {
      const now = new Date().toISOString();
      const session: CoachSessionRecord = {
        id: randomUUID(),
        user_id: actor.id,
        asset_type: request.asset_type,
        description: request.description,
        brand_context: request.brand_context ?? null,
        status: 'active',
        messages: [{ role: 'user', content: request.description, created_at: now }],
        turns_used: 1,
        current_prompt: null,
        prompt_versions: 0,
        intent: null,
        grounding: [],
        grounded: false,
        provider: this.options.provider,
        created_at: now,
        updated_at: now,
        ended_at: null,
      };
      await this.options.store.create(session);
      await this.options.store.lockTurn(session.id, slot.id, TURN_LEASE_MS);
      return this.turnOf(actor, session, slot);
    } catch (error) {
      await slot.release();
      throw error;
    }
  }

  /** Checks a message against its session, ready to stream the answer. */
  async prepareMessage(actor: Actor, sessionId: string, message: string): Promise<PreparedTurn> {
    this.requireCoach(actor);
    await this.options.messageLimiter.consume(actor.id);
    this.assertCanTalk((await this.loadOwned(actor, sessionId)).record);
    const slot = await this.acquireSlot(actor);
    let locked = false;
    try {
      locked = await this.options.store.lockTurn(sessionId, slot.id, TURN_LEASE_MS);
      if (!locked) {
        throw new ConflictError('coach_session_busy', 'The coach is still answering your previous message');
      }
      // read again under the lock: a turn that just finished changed it
      const { record } = await this.loadOwned(actor, sessionId);
      this.assertCanTalk(record);
      record.messages.push({ role: 'user', content: message, created_at: new Date().toISOString() });
      record.turns_used += 1;
      return this.turnOf(actor, record, slot);
    } catch (error) {
      if (locked) {
        await this.options.store.unlockTurn(sessionId, slot.id);
      }
      await slot.release();
      throw error;
    }
  }

  async getSession(actor: Actor, sessionId: string): Promise<CoachSessionView> {
    return this.present(await this.loadOwned(actor, sessionId));
  }

  /** Ends a session with its final intent: the last generation-ready one, or the rules' best reading. */
  async endSession(actor: Actor, sessionId: string): Promise<CoachEndSessionResponse> {
    const loaded = await this.loadOwned(actor, sessionId);
    if (loaded.record.status === 'ended') {
      return this.presentEnd(loaded.record);
    }
    const holder = randomUUID();
    if (!(await this.options.store.lockTurn(sessionId, holder, TURN_LEASE_MS))) {
      throw new ConflictError('coach_session_busy', 'The coach is still answering; end the session once it is done');
    }
    try {
      const { record } = await this.loadOwned(actor, sessionId);
      if (record.status === 'active') {
        const now = new Date().toISOString();
        record.intent ??= this.rulesIntent(record);
        record.current_prompt = record.intent.refined_prompt;
        record.prompt_versions = Math.max(record.prompt_versions, record.intent.version);
        record.status = 'ended';
        record.ended_at = now;
        record.updated_at = now;
        if (!(await this.options.store.save(record, { touch: false }))) {
          throw new NotFoundError('The coach session', 'coach_session_expired');
        }
      }
      return this.presentEnd(record);
    } finally {
      await this.options.store.unlockTurn(sessionId, holder);
    }
  }

  private requireCoach(actor: Actor): void {
    const access = TIER_ACCESS[actor.tier];
    if (!access.coach_access) {
      throw new TierLimitError('The Prompt Coach is part of the Studio plan', errorCodes.coachRequiresStudio, {
        tier: actor.tier,
        feature: access.feature,
        required_tier: 'studio',
      });
    }
  }

  private async acquireSlot(actor: Actor): Promise<StreamSlot> {
    const slot = await this.options.slots.acquire(actor.id);
    if (!slot) {
      const max = this.options.limits.maxConcurrentStreams;
      throw new RateLimitError(
        5,
        `You already have ${max} coach stream${max === 1 ? '' : 's'} open; finish one first`,
        'coach_stream_limit_reached',
      );
    }
    return slot;
  }

  private async loadOwned(actor: Actor, sessionId: string): Promise<LoadedSession> {
    const found = await this.options.store.loadOwned(actor.id, sessionId);
    if (found === 'expired') {
      throw new NotFoundError('The coach session', 'coach_session_expired', { session_id: sessionId });
    }
    if (found === 'not_found') {
      throw new NotFoundError('The coach session', 'coach_session_not_found');
    }
    return found;
  }

  private assertCanTalk(record: CoachSessionRecord): void {
    if (record.status === 'ended') {
      throw new ConflictError('coach_session_ended', 'This coach session has ended; start a new one');
    }
    if (record.turns_used >= this.options.limits.maxTurns) {
      throw new ConflictError(
        'coach_turn_limit_reached',
        'This coach session used all its messages; end it or start a new one',
        {
          max_turns: this.options.limits.maxTurns,
        },
      );
    }
  }

  private turnOf(actor: Actor, session: CoachSessionRecord, slot: StreamSlot): PreparedTurn {
    const { store } = this.options;
    return {
      session,
      userId: actor.id,
      ground: TIER_ACCESS[actor.tier].grounding && !session.grounded,
      renew: async () => {
        await Promise.all([slot.renew(), store.renewTurn(session.id, slot.id, TURN_LEASE_MS)]);
      },
      release: async () => {
        await Promise.all([slot.release(), store.unlockTurn(session.id, slot.id)]);
      },
    };
  }

  private rulesIntent(record: CoachSessionRecord) {
    const plan = planTurn({
      assetType: record.asset_type,
      brand: record.brand_context,
      grounding: record.grounding,
      messages: record.messages,
      turnsRemaining: 0,
    });
    return buildIntent({
      assetType: record.asset_type,
      proposal: plan.proposal,
      brand: record.brand_context,
      version: record.prompt_versions + 1,
      source: 'rules',
    });
  }

  private present({ record, expiresAt }: LoadedSession): CoachSessionView {
    const maxTurns = this.options.limits.maxTurns;
    return {
      session_id: record.id,
      status: record.status,
      asset_type: record.asset_type,
      description: record.description,
      brand_context: record.brand_context,
      messages: record.messages.map(({ role, content, created_at }) => ({ role, content, created_at })),
      turns_used: record.turns_used,
      turns_remaining: Math.max(0, maxTurns - record.turns_used),
      max_turns: maxTurns,
      current_prompt: record.current_prompt,
      prompt_versions: record.prompt_versions,
      intent: record.intent,
      grounding: record.grounding,
      provider: record.provider,
      created_at: record.created_at,
      updated_at: record.updated_at,
      ended_at: record.ended_at,
      expires_at: expiresAt.toISOString(),
    };
  }

  private presentEnd(record: CoachSessionRecord): CoachEndSessionResponse {
    const intent = record.intent ?? this.rulesIntent(record);
    return {
      session_id: record.id,
      status: 'ended',
      final_prompt: intent.refined_prompt,
      intent,
      turns_used: record.turns_used,
      prompt_versions: record.prompt_versions,
      ended_at: record.ended_at ?? record.updated_at,
    };
  }
}
