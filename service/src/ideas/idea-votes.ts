import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import { ScriptAfterLimits, type LimitCount } from '../rate-limit/rate-limiter';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { IdeaRepository } from './idea.repository';
import type { IdeaVoteRepository, IdeaVoteRow } from './idea-vote.repository';

/**
 * One vote, atomically, once the caller's rate limits passed (counted in the same call): refused
 * when the idea is not open for votes (-2) or the voter already voted (-1); otherwise the voter
 * joins the idea's set, its count goes up, and the vote waits in the list MongoDB is written from.
 * Answers {count, number}.
 */
const VOTE_SCRIPT = new ScriptAfterLimits(`
local number = redis.call('HGET', KEY(1), ARG(1))
if not number then return {-2, 0} end
if redis.call('SADD', KEY(2), ARG(2)) == 0 then return {-1, tonumber(number)} end
local count = redis.call('HINCRBY', KEY(3), ARG(1), 1)
redis.call('RPUSH', KEY(4), ARG(3))
return {count, tonumber(number)}
`);

/** How long a closed idea's voter set is kept (a late vote is still refused as a repeat). */
const CLOSED_VOTERS_TTL_SECONDS = 86_400;
/** Votes written to MongoDB per round trip. */
const FLUSH_BATCH = 500;

export type VoteResult =
  { outcome: 'counted'; votes: number; number: number } | { outcome: 'repeat'; number: number } | { outcome: 'closed' };

interface PendingVote {
  /** owner */
  o: string;
  /** idea id */
  i: string;
  /** voter key */
  v: string;
  /** when, ms since the epoch */
  t: number;
}

/**
 * Votes: exact in Redis (one script per vote, so 200 at once count 200), then written behind to
 * MongoDB in batches (`idea_votes` rows and each idea's `votes`). A vote is accepted once Redis has
 * it; the batch writer runs shortly after each vote in whichever process took it, and every few
 * seconds in every process, so votes taken by a process that died are written by another.
 */
export class IdeaVoteCounter {
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      redis: Redis;
      ideas: Pick<IdeaRepository, 'setVotes'>;
      votes: Pick<IdeaVoteRepository, 'insertMany'>;
      /** Delay between a vote and the batch write that persists it. */
      flushDelayMs: number;
      logger: Logger;
    },
  ) {}

  /** Opens a pending idea for votes. */
  async open(owner: UserId, ideaId: string, number: number): Promise<void> {
    await this.deps.redis.hset(redisKeys.ideaVotesOpen(owner), ideaId, String(number));
  }

  /** Opens new pending ideas for votes, in one round trip. */
  async openMany(owner: UserId, ideas: ReadonlyArray<{ id: string; number: number }>): Promise<void> {
    if (ideas.length > 0) {
      await this.deps.redis.hset(
        redisKeys.ideaVotesOpen(owner),
        Object.fromEntries(ideas.map((idea) => [idea.id, String(idea.number)])),
      );
    }
  }

  /** Closes an idea for votes (decided, expired); its final count is written by the next batch. */
  async close(owner: UserId, ideaId: string): Promise<void> {
    await this.deps.redis
      .multi()
      .hdel(redisKeys.ideaVotesOpen(owner), ideaId)
      .expire(redisKeys.ideaVoters(ideaId), CLOSED_VOTERS_TTL_SECONDS)
      .exec();
  }

  /**
   * A voter's vote; with `limits`, only once the request passed them, counted in the same Redis call
   * (their refusal, a 429, changes nothing).
   */
  async vote(
    owner: UserId,
    ideaId: string,
    voterKey: string,
    limits: readonly LimitCount[] = [],
    now = Date.now(),
  ): Promise<VoteResult> {
    const pending: PendingVote = { o: owner, i: ideaId, v: voterKey, t: now };
    const [count, number] = (await VOTE_SCRIPT.run(
      this.deps.redis,
      limits,
      [
        redisKeys.ideaVotesOpen(owner),
        redisKeys.ideaVoters(ideaId),
        redisKeys.ideaVoteCounts(owner),
        redisKeys.ideaVotesPending(),
      ],
      [ideaId, voterKey, JSON.stringify(pending)],
    )) as [number, number];
    if (count === -2) {
      return { outcome: 'closed' };
    }
    if (count === -1) {
      return { outcome: 'repeat', number };
    }
    this.scheduleFlush(this.deps.flushDelayMs);
    return { outcome: 'counted', votes: count, number };
  }

  /** The exact count of an idea, from Redis (0 when it has none). */
  async countOf(owner: UserId, ideaId: string): Promise<number> {
    return Number((await this.deps.redis.hget(redisKeys.ideaVoteCounts(owner), ideaId)) ?? 0);
  }

  /** The exact counts of several ideas of a channel (MongoDB's lag behind by a batch). */
  async countsOf(owner: UserId, ideaIds: readonly string[]): Promise<Map<string, number>> {
    if (ideaIds.length === 0) {
      return new Map();
    }
    const counts = await this.deps.redis.hmget(redisKeys.ideaVoteCounts(owner), ...ideaIds);
    return new Map(
      ideaIds.flatMap((ideaId, index) => {
        const count = counts[index];
        return count === null || count === undefined ? [] : [[ideaId, Number(count)] as const];
      }),
    );
  }

  /** Which of these ideas the voter voted for. */
  async votedBy(voterKey: string, ideaIds: readonly string[]): Promise<string[]> {
    if (ideaIds.length === 0) {
      return [];
    }
    const pipeline = this.deps.redis.pipeline();
    for (const ideaId of ideaIds) {
      pipeline.sismember(redisKeys.ideaVoters(ideaId), voterKey);
    }
    const answers = (await pipeline.exec()) ?? [];
    return ideaIds.filter((_ideaId, index) => answers[index]?.[1] === 1);
  }

  /** Writes every vote waiting in Redis to MongoDB; concurrent calls share one run. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Forgets an idea's votes in Redis (the idea was deleted). */
  async forget(owner: UserId, ideaId: string): Promise<void> {
    await this.deps.redis
      .multi()
      .hdel(redisKeys.ideaVotesOpen(owner), ideaId)
      .hdel(redisKeys.ideaVoteCounts(owner), ideaId)
      .del(redisKeys.ideaVoters(ideaId))
      .exec();
  }

  /** Forgets a channel's open ideas and counts (account deletion). */
  async forgetChannel(owner: UserId, ideaIds: readonly string[]): Promise<void> {
    const multi = this.deps.redis.multi().del(redisKeys.ideaVotesOpen(owner)).del(redisKeys.ideaVoteCounts(owner));
    for (const ideaId of ideaIds) {
      multi.del(redisKeys.ideaVoters(ideaId));
    }
    await multi.exec();
  }

  stop(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer) {
      return;
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not write votes'));
    }, delayMs);
    this.flushTimer.unref();
  }

  private async drain(): Promise<void> {
    const key = redisKeys.ideaVotesPending();
    for (;;) {
      const raw = (await this.deps.redis.lpop(key, FLUSH_BATCH)) ?? [];
      if (raw.length === 0) {
        return;
      }
      try {
        await this.write(raw.map((item) => JSON.parse(item) as PendingVote));
      } catch (error) {
        // back in the list, for the next run (rows and counts are idempotent)
        await this.deps.redis.rpush(key, ...raw);
        throw error;
      }
      if (raw.length < FLUSH_BATCH) {
        return;
      }
    }
  }

  private async write(pending: PendingVote[]): Promise<void> {
    const byOwner = new Map<string, { rows: IdeaVoteRow[]; ideas: Set<string> }>();
    for (const vote of pending) {
      const entry = byOwner.get(vote.o) ?? { rows: [], ideas: new Set<string>() };
      entry.rows.push({ idea_id: vote.i, voter_key: vote.v, created_at: new Date(vote.t) });
      entry.ideas.add(vote.i);
      byOwner.set(vote.o, entry);
    }
    for (const [owner, entry] of byOwner) {
      await this.deps.votes.insertMany(owner as UserId, entry.rows);
      const ideaIds = [...entry.ideas];
      const counts = await this.deps.redis.hmget(redisKeys.ideaVoteCounts(owner), ...ideaIds);
      await this.deps.ideas.setVotes(
        owner as UserId,
        ideaIds.flatMap((ideaId, index) => {
          const count = counts[index];
          return count === null || count === undefined ? [] : [{ idea_id: ideaId, votes: Number(count) }];
        }),
      );
    }
  }
}
