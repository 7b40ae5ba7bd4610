import {
  cleanIdeaText,
  errorCodes,
  IDEA_SUBMITTER_MIN_ROLE,
  IDEA_TEXT_MAX_LENGTH,
  IDEA_TEXT_MIN_LENGTH,
  ideaTextLength,
  type IdeaAssetType,
  type IdeaSource,
  type ListIdeasQuery,
} from '@aurastream/contract';
import { consumeAll, type LimitCount } from '../rate-limit/rate-limiter';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import { BlockedTerms } from './blocked-terms';
import type { IdeaPromptCoach, IdeaStreamers } from './dependencies';
import { decodeIdeaCursor, encodeIdeaCursor } from './idea-cursor';
import type { IdeaCooldown } from './idea-cooldown';
import type { IdeaCounterRepository } from './idea-counter.repository';
import { ideaNotFound, type DecidedBy, type IdeaModeration } from './idea-moderation';
import type { IdeaNotifier } from './idea-notifier';
import { PendingIdeaExistsError, type Idea, type IdeaRepository, type NewIdea } from './idea.repository';
import { maySubmit, roleOf, skipsApproval, viewerKeyOf, type IdeaViewer } from './idea-rules';
import type { IdeaSettingsService } from './idea-settings.service';
import { withSuggestion } from './idea-suggestion';
import type { IdeaVoteRepository } from './idea-vote.repository';
import type { IdeaVoteCounter } from './idea-votes';

/** A viewer's suggestion, from whichever source. */
export interface IdeaSubmission {
  source: IdeaSource;
  text: string;
  /** Default `emote`. */
  assetType?: IdeaAssetType;
  viewer: IdeaViewer;
  /**
   * For `channel_points`: Twitch's ids, so rejecting refunds and readiness fulfils. `firstAttempt`:
   * no earlier attempt can have submitted this redemption (its record was made just now), so no
   * idea of it is looked for before the rules are applied; the unique index on the redemption id
   * still guards the insert.
   */
  redemption?: { rewardId: string; redemptionId: string; firstAttempt?: boolean } | null;
}

/** What became of one suggestion of `submitMany`: its idea, or the refusal `submit` would throw. */
export type SubmissionResult = { idea: Idea } | { error: unknown };

/** A suggestion that passed the channel's rules, with where it was in the list. */
interface CheckedSubmission {
  index: number;
  submission: IdeaSubmission;
  role: ReturnType<typeof roleOf>;
  viewerKey: string;
  text: string;
}

/** An idea of a channel, by id or by its number (`!aura vote 12`). */
export type IdeaRef = { id: string } | { number: number };

export interface IdeaServiceDependencies {
  ideas: IdeaRepository;
  voteRows: IdeaVoteRepository;
  counters: IdeaCounterRepository;
  settings: IdeaSettingsService;
  votes: IdeaVoteCounter;
  cooldown: IdeaCooldown;
  coach: IdeaPromptCoach;
  streamers: IdeaStreamers;
  moderation: IdeaModeration;
  notifier: IdeaNotifier;
  /** Queues the LLM coach's suggestion for an idea (a job). */
  enqueueSuggestion(owner: UserId, ideaId: string): Promise<void>;
  logger: Logger;
}

const SYSTEM: DecidedBy = { kind: 'system', display_name: null, twitch_user_id: null };

/**
 * A channel's viewer ideas: the rules of submitting (who, what, how often), votes, the reads of the
 * queue and the history, and deleting. Deciding ideas is `IdeaModeration`'s.
 */
export class IdeaService {
  constructor(private readonly deps: IdeaServiceDependencies) {}

  /** Checks a viewer's suggestion against the channel's rules and stores it; throws a 4xx with a reason. */
  async submit(owner: UserId, submission: IdeaSubmission): Promise<Idea> {
    const [result] = await this.submitMany(owner, [submission]);
    if (!result || 'error' in result) {
      throw result?.error instanceof Error ? result.error : new Error('the idea was not submitted');
    }
    return result.idea;
  }

  /**
   * Suggestions to one channel, in the order given, stored together (one settings read, one
   * counter increment, one insert, one Redis round trip opening them for votes): each answers its
   * idea, or the 4xx refusing it (as `submit` would throw it). A suggestion whose viewer has an
   * earlier one in the list is judged after it (one pending idea per viewer). Throws when the ideas
   * could not be stored at all (MongoDB unreachable): nothing was decided, try again.
   */
  async submitMany(owner: UserId, submissions: readonly IdeaSubmission[]): Promise<SubmissionResult[]> {
    const { ideas, cooldown } = this.deps;
    const settings = await this.deps.settings.get(owner);
    const results: SubmissionResult[] = submissions.map(() => ({ error: new Error('not judged') }));
    let accepted: CheckedSubmission[] = [];
    // a redemption handled before (its process died before telling channel points) keeps its idea
    const redemptionIds = submissions.flatMap((submission) =>
      submission.redemption && !submission.redemption.firstAttempt ? [submission.redemption.redemptionId] : [],
    );
    const earlier =
      redemptionIds.length > 0 ? await ideas.findByRedemptions(owner, redemptionIds) : new Map<string, Idea>();
    submissions.forEach((submission, index) => {
      const before = submission.redemption ? earlier.get(submission.redemption.redemptionId) : undefined;
      if (before) {
        results[index] = { idea: before };
        return;
      }
      try {
        accepted.push({ index, submission, ...this.checked(settings, submission) });
      } catch (error) {
        results[index] = { error };
      }
    });
    if (settings.one_pending_per_viewer && accepted.length > 0) {
      const pending = await ideas.findPendingOfMany(owner, [...new Set(accepted.map((each) => each.viewerKey))]);
      const seen = new Set<string>();
      accepted = accepted.filter((each) => {
        const earlier = pending.get(each.viewerKey);
        if (earlier || seen.has(each.viewerKey)) {
          results[each.index] = { error: this.pendingExists(earlier?.number ?? null) };
          return false;
        }
        seen.add(each.viewerKey);
        return true;
      });
    }
    const claimed = await Promise.all(
      accepted.map((each) =>
        cooldown.claim(owner, each.viewerKey, settings.cooldown_seconds).then(
          () => true,
          (error: unknown) => {
            results[each.index] = { error };
            return false;
          },
        ),
      ),
    );
    accepted = accepted.filter((_, index) => claimed[index]);
    if (accepted.length === 0) {
      return results;
    }
    let stored: Array<Idea | PendingIdeaExistsError>;
    try {
      const first = await this.deps.counters.reserve(owner, accepted.length);
      stored = await ideas.createMany(
        owner,
        accepted.map((each, offset) => this.newIdea(settings, each, first + offset)),
      );
    } catch (error) {
      await Promise.all(accepted.map((each) => cooldown.release(owner, each.viewerKey).catch(() => undefined)));
      throw error;
    }
    const created: Array<{ idea: Idea; checked: CheckedSubmission }> = [];
    for (const [offset, each] of accepted.entries()) {
      const outcome = stored[offset]!;
      if (outcome instanceof PendingIdeaExistsError) {
        await cooldown.release(owner, each.viewerKey);
        const pending = await ideas.findPendingOf(owner, each.viewerKey);
        results[each.index] = { error: this.pendingExists(pending?.number ?? null) };
      } else {
        results[each.index] = { idea: outcome };
        created.push({ idea: outcome, checked: each });
      }
    }
    if (created.length > 0) {
      await this.deps.votes.openMany(
        owner,
        created.map(({ idea }) => idea),
      );
      this.deps.notifier.submittedMany(
        owner,
        created.map(({ idea }) => idea),
      );
      await this.queueBetterSuggestions(
        owner,
        created.map(({ idea }) => idea),
      );
    }
    for (const { idea, checked } of created) {
      if (skipsApproval(settings, checked.submission.source, checked.role)) {
        try {
          results[checked.index] = { idea: await this.deps.moderation.approve(owner, idea.id, SYSTEM) };
        } catch (error) {
          // the channel's quota, most likely: the idea waits in the queue for a person instead
          this.deps.logger.warn({ err: error, ideaId: idea.id }, 'an idea that skips approval could not be started');
        }
      }
    }
    return results;
  }

  /** The channel's rules for one suggestion (throws the 4xx refusing it); its role, viewer key and clean text. */
  private checked(
    settings: Awaited<ReturnType<IdeaSettingsService['get']>>,
    submission: IdeaSubmission,
  ): Omit<CheckedSubmission, 'index' | 'submission'> {
    const { viewer, source } = submission;
    if (!settings.enabled) {
      throw new ForbiddenError('This channel is not taking ideas right now', errorCodes.ideasDisabled, {
        reason: 'ideas_disabled',
      });
    }
    const role = roleOf(viewer.badges);
    if (!maySubmit(settings, role)) {
      const required = IDEA_SUBMITTER_MIN_ROLE[settings.submitters];
      throw new ForbiddenError(
        `This channel takes ideas from ${settings.submitters} only`,
        errorCodes.ideaRoleNotAllowed,
        { reason: 'role_not_allowed', required_role: required },
      );
    }
    if (source === 'panel' && settings.panel_requires_identity && !viewer.twitchUserId) {
      throw new ForbiddenError(
        'This channel asks you to share your Twitch identity with the extension before suggesting',
        errorCodes.ideaIdentityRequired,
        { reason: 'identity_required' },
      );
    }
    const viewerKey = viewerKeyOf(viewer);
    if (!viewerKey) {
      throw ValidationError.forField('viewer', 'the viewer needs a Twitch user id or an opaque id', 'required');
    }
    return { role, viewerKey, text: this.checkedText(submission.text, settings) };
  }

  private newIdea(
    settings: Awaited<ReturnType<IdeaSettingsService['get']>>,
    { submission, role, viewerKey, text }: CheckedSubmission,
    number: number,
  ): NewIdea {
    const assetType = submission.assetType ?? 'emote';
    const { viewer } = submission;
    return {
      number,
      text,
      source: submission.source,
      asset_type: assetType,
      viewer: {
        twitch_user_id: viewer.twitchUserId,
        display_name: viewer.displayName,
        opaque_id: viewer.opaqueId,
        role,
      },
      viewer_key: viewerKey,
      pending_key: settings.one_pending_per_viewer ? viewerKey : null,
      // the rule-based suggestion is worked out when someone looks (`withSuggestion`)
      suggested_prompt: null,
      suggested_prompt_source: null,
      prompt: null,
      moderation: null,
      job_id: null,
      asset_ids: [],
      error_message: null,
      redemption: submission.redemption
        ? {
            reward_id: submission.redemption.rewardId,
            redemption_id: submission.redemption.redemptionId,
            status: 'UNFULFILLED',
          }
        : null,
      expires_at: new Date(Date.now() + settings.expiry_seconds * 1000),
    };
  }

  /**
   * One vote of a viewer for a pending idea; answers its exact count. By id, the hot path is one
   * Redis script, which also counts the request's rate `limits` (a refusal changes nothing);
   * MongoDB is read only when Redis says the idea is not open (or for a number).
   */
  async vote(
    owner: UserId,
    ref: IdeaRef,
    voterKey: string,
    limits: readonly LimitCount[] = [],
  ): Promise<{ idea_id: string; number: number; votes: number }> {
    if ('number' in ref && limits.length > 0) {
      // the limits come before looking the number up, as they come before everything else
      await consumeAll(limits);
      limits = [];
    }
    const ideaId = 'id' in ref ? ref.id : (await this.find(owner, ref)).id;
    let result = await this.deps.votes.vote(owner, ideaId, voterKey, limits);
    if (result.outcome === 'closed') {
      const idea = await this.find(owner, { id: ideaId });
      if (idea.status !== 'pending') {
        throw new ConflictError(errorCodes.ideaNotPending, `Idea #${idea.number} is no longer taking votes`, {
          status: idea.status,
        });
      }
      // Redis lost the open ideas (a restart without persistence): MongoDB says this one is open
      // (the limits were counted by the first call)
      await this.deps.votes.open(owner, idea.id, idea.number);
      result = await this.deps.votes.vote(owner, ideaId, voterKey);
    }
    switch (result.outcome) {
      case 'closed':
        throw new ConflictError(errorCodes.ideaNotPending, 'This idea is no longer taking votes');
      case 'repeat':
        throw new ConflictError(errorCodes.ideaAlreadyVoted, `You already voted for idea #${result.number}`, {
          idea_number: result.number,
        });
      case 'counted': {
        const count = { idea_id: ideaId, number: result.number, votes: result.votes };
        this.deps.notifier.votes(owner, [count]);
        return count;
      }
    }
  }

  async list(owner: UserId, query: ListIdeasQuery): Promise<{ items: Idea[]; next_cursor: string | null }> {
    const after = query.cursor ? decodeIdeaCursor(query.cursor, query.order) : null;
    const rows = await this.deps.ideas.list(
      owner,
      { status: query.status, source: query.source },
      query.order,
      query.limit + 1,
      after,
    );
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > query.limit && last
        ? encodeIdeaCursor({ order: query.order, votes: last.votes, created_at: last.created_at, id: last.id })
        : null;
    return { items, next_cursor: nextCursor };
  }

  /** A viewer's own ideas in the channel, newest first. */
  async listOfViewer(owner: UserId, viewerKey: string, limit: number): Promise<Idea[]> {
    return this.deps.ideas.list(owner, { viewer_key: viewerKey }, 'newest', limit, null);
  }

  /** The exact vote counts of pending ideas (the stored ones trail by a batch write). */
  async withExactVotes(owner: UserId, ideas: Idea[]): Promise<Idea[]> {
    const counts = await this.deps.votes.countsOf(
      owner,
      ideas.filter((idea) => idea.status === 'pending').map((idea) => idea.id),
    );
    return ideas.map((idea) => ({ ...idea, votes: counts.get(idea.id) ?? idea.votes }));
  }

  /** Which of these ideas the voter voted for. */
  votedBy(voterKey: string, ideaIds: readonly string[]): Promise<string[]> {
    return this.deps.votes.votedBy(voterKey, ideaIds);
  }

  async get(owner: UserId, ref: IdeaRef): Promise<Idea> {
    return this.find(owner, ref);
  }

  /** The idea with the prompt it suggests (the coach's stored one, else the rule-based one, made now). */
  withSuggestion(idea: Idea): Idea {
    return withSuggestion(this.deps.coach, idea);
  }

  /**
   * Deletes an idea and its votes; a pending one is rejected first, so a redemption is refunded.
   * One being made waits for its end (409), which fulfils or refunds the redemption.
   */
  async delete(owner: UserId, ideaId: string, decidedBy: DecidedBy): Promise<void> {
    const idea = await this.find(owner, { id: ideaId });
    if (idea.status === 'approved' || idea.status === 'generating') {
      throw new ConflictError(
        errorCodes.ideaNotPending,
        `Idea #${idea.number} is being made; you can delete it once it is ready or has failed`,
        { status: idea.status },
      );
    }
    if (idea.status === 'pending') {
      await this.deps.moderation
        .reject(owner, ideaId, decidedBy, 'Deleted by the streamer', { deleting: true })
        .catch((error: unknown) => {
          // decided meanwhile: deleting goes on
          if (!(error instanceof ConflictError)) {
            throw error;
          }
        });
    }
    await this.deps.ideas.delete(owner, ideaId);
    await this.deps.voteRows.deleteForIdea(owner, ideaId);
    await this.deps.votes.forget(owner, ideaId);
  }

  /** The LLM coach's suggestion, replacing the rule-based one while the idea still waits (a job). */
  async improveSuggestion(owner: UserId, ideaId: string): Promise<void> {
    const idea = await this.deps.ideas.findById(owner, ideaId);
    const streamer = await this.deps.streamers.requesterOf(owner);
    if (!idea || idea.status !== 'pending' || !streamer) {
      return;
    }
    const suggestion = await this.deps.coach.suggest(idea.asset_type, idea.text, streamer.tier);
    await this.deps.ideas.setSuggestedPrompt(owner, ideaId, suggestion.prompt, suggestion.source);
  }

  private async queueBetterSuggestions(owner: UserId, created: readonly Idea[]): Promise<void> {
    if (!this.deps.coach.hasLlm) {
      return;
    }
    const streamer = await this.deps.streamers.requesterOf(owner);
    if (!streamer || !this.deps.coach.hasLlmFor(streamer.tier)) {
      return;
    }
    for (const idea of created) {
      await this.deps
        .enqueueSuggestion(owner, idea.id)
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: error, ideaId: idea.id }, 'could not queue the LLM suggestion of an idea'),
        );
    }
  }

  /** Cleans the text and checks its length and the channel's blocked terms (422 with a reason). */
  private checkedText(raw: string, settings: { blocked_terms: string[]; use_default_blocked_terms: boolean }): string {
    const text = cleanIdeaText(raw);
    const length = ideaTextLength(text);
    if (length < IDEA_TEXT_MIN_LENGTH) {
      throw ValidationError.forField('text', 'describe your idea in words (links alone are removed)', 'text_empty');
    }
    if (length > IDEA_TEXT_MAX_LENGTH) {
      throw ValidationError.forField(
        'text',
        `keep your idea to ${IDEA_TEXT_MAX_LENGTH} characters (it has ${length})`,
        'text_too_long',
      );
    }
    if (BlockedTerms.forChannel(settings.blocked_terms, settings.use_default_blocked_terms).find(text)) {
      throw new ValidationError(
        'This channel does not allow one of the words in your idea; reword it and try again',
        [{ field: 'text', message: 'contains a word this channel does not allow', code: 'blocked_term' }],
        errorCodes.ideaBlockedTerm,
      );
    }
    return text;
  }

  private pendingExists(number: number | null): ConflictError {
    return new ConflictError(
      errorCodes.ideaPendingExists,
      number === null
        ? 'Your previous idea is still waiting for the streamer; you can suggest another once it is decided'
        : `Your idea #${number} is still waiting for the streamer; you can suggest another once it is decided`,
      { reason: 'pending_exists', idea_number: number },
    );
  }

  private async find(owner: UserId, ref: IdeaRef): Promise<Idea> {
    const idea =
      'id' in ref
        ? await this.deps.ideas.findById(owner, ref.id)
        : await this.deps.ideas.findByNumber(owner, ref.number);
    if (!idea) {
      throw ideaNotFound();
    }
    return idea;
  }
}
