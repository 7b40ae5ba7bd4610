import { expect } from 'chai';
import { AppError, ServiceUnavailableError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import type { ChannelPointReward } from './channel-point-reward.repository';
import type { IdeaIntake, IdeaLike, IdeaSubmission } from './idea-port';
import { RedemptionIntake, redemptionOutcomes } from './redemption-intake';
import type { NewRedemption, Redemption } from './redemption.repository';

const owner = 'owner-1' as UserId;

/** A refusal as the ideas feature throws it: a typed 4xx with a reason code. */
class IdeaRefused extends AppError {
  readonly status = 422;
}

/**
 * A minimal, real in-memory ideas intake (the port of live-core.md), standing in for the ideas
 * feature until it is merged: it keeps what it accepted and refuses blocked words with a 4xx.
 */
class InMemoryIdeas implements IdeaIntake {
  readonly accepted: Array<{ channel: string; submission: IdeaSubmission; idea: IdeaLike }> = [];
  failNext: Error | null = null;

  async submitManyForChannel(twitchChannelId: string, submissions: readonly IdeaSubmission[]) {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    const results: Array<{ idea: IdeaLike } | { error: unknown }> = [];
    for (const submission of submissions) {
      try {
        results.push({ idea: this.submit(twitchChannelId, submission) });
      } catch (error) {
        results.push({ error });
      }
    }
    return results;
  }

  private submit(twitchChannelId: string, submission: IdeaSubmission): IdeaLike {
    if (/\bblocked\b/i.test(submission.text)) {
      throw new IdeaRefused('idea_blocked_term', 'That idea uses a blocked term');
    }
    const redemption = submission.redemption
      ? { reward_id: submission.redemption.rewardId, redemption_id: submission.redemption.redemptionId }
      : null;
    const idea = { id: `idea-${this.accepted.length + 1}`, redemption };
    this.accepted.push({ channel: twitchChannelId, submission, idea });
    return idea;
  }
}

function harness(rewardEnabled = true) {
  const reward = {
    user_id: owner,
    enabled: rewardEnabled,
    twitch_broadcaster_id: '111',
    twitch_reward_id: 'reward-1',
  } as ChannelPointReward;
  const stored = new Map<string, Redemption>();
  const queued: string[] = [];
  const ideas = new InMemoryIdeas();
  const writes: string[] = [];
  const record = (redemption: NewRedemption) => {
    const existing = stored.get(redemption.twitch_redemption_id);
    if (existing) {
      return existing;
    }
    const created = {
      ...redemption,
      id: `record-${redemption.twitch_redemption_id}`,
      user_id: owner,
      stage: 'received',
      idea_id: null,
      refusal_reason: null,
      wanted_status: null,
    } as Redemption;
    stored.set(redemption.twitch_redemption_id, created);
    return created;
  };
  const intake = new RedemptionIntake({
    rewards: {
      findByTwitchRewardForEvent: async (broadcaster, rewardId) =>
        broadcaster === reward.twitch_broadcaster_id && rewardId === reward.twitch_reward_id ? reward : null,
    },
    redemptions: {
      async recordMany(_owner, redemptions) {
        writes.push(`record ${redemptions.length}`);
        return redemptions.map((redemption) => {
          const recordedNow = !stored.has(redemption.twitch_redemption_id);
          return { redemption: record(redemption), recordedNow };
        });
      },
      async markSubmittedMany(_owner, submitted) {
        writes.push(`submitted ${submitted.length}`);
        for (const { id, ideaId } of submitted) {
          const each = [...stored.values()].find((candidate) => candidate.id === id && candidate.stage === 'received');
          Object.assign(each ?? {}, { stage: 'submitted', idea_id: ideaId });
        }
      },
      async markRefused(_owner, id, reason) {
        const record = [...stored.values()].find((each) => each.id === id && each.stage === 'received');
        Object.assign(record ?? {}, { stage: 'refused', refusal_reason: reason, wanted_status: 'CANCELED' });
      },
    },
    ideas,
    statusJobs: { enqueue: async (_owner, id) => void queued.push(id) },
    logger: { info: () => undefined },
  });
  return { intake, ideas, stored, queued, writes };
}

const event = (overrides: Record<string, unknown> = {}) => ({
  event: {
    id: 'redemption-1',
    broadcaster_user_id: '111',
    user_id: '222',
    user_login: 'pixelpal',
    user_name: 'PixelPal',
    user_input: 'a cat in sunglasses',
    redeemed_at: '2026-12-04T08:00:00Z',
    reward: { id: 'reward-1' },
    ...overrides,
  },
});

describe('RedemptionIntake: a redemption becomes an idea through the ideas port', () => {
  it('submits the viewer’s words for the channel as a channel_points idea with Twitch’s ids', async () => {
    const { intake, ideas, stored } = harness();
    expect(await intake.handle(event())).to.deep.equal({ outcome: 'processed' });
    expect(ideas.accepted).to.have.length(1);
    const [{ channel, submission }] = ideas.accepted as [(typeof ideas.accepted)[number]];
    expect(channel).to.equal('111');
    expect(submission).to.deep.include({ source: 'channel_points', text: 'a cat in sunglasses' });
    expect(submission.viewer).to.deep.include({ twitchUserId: '222', displayName: 'PixelPal', opaqueId: null });
    // recorded by this attempt: the ideas feature need not look for an idea an earlier one made
    expect(submission.redemption).to.deep.equal({
      rewardId: 'reward-1',
      redemptionId: 'redemption-1',
      firstAttempt: true,
    });
    expect(stored.get('redemption-1')).to.include({ stage: 'submitted', idea_id: 'idea-1' });
  });

  it('submits a redemption delivered twice once', async () => {
    const { intake, ideas } = harness();
    await intake.handle(event());
    await intake.handle(event());
    expect(ideas.accepted).to.have.length(1);
  });

  it('refunds a redemption the ideas feature refuses (a 4xx), recording why', async () => {
    const { intake, stored, queued } = harness();
    await intake.handle(event({ user_input: 'something blocked' }));
    expect(stored.get('redemption-1')).to.include({
      stage: 'refused',
      refusal_reason: 'idea_blocked_term',
      wanted_status: 'CANCELED',
    });
    expect(queued).to.deep.equal(['record-redemption-1']);
  });

  it('retries (throws) when the ideas feature could not decide, and submits on the retry', async () => {
    const { intake, ideas, queued } = harness();
    ideas.failNext = new ServiceUnavailableError('ideas_busy', 'try again');
    let thrown: unknown = null;
    await intake.handle(event()).catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(ServiceUnavailableError);
    expect(queued).to.deep.equal([]);
    await intake.handle(event());
    expect(ideas.accepted).to.have.length(1);
    // recorded by the failed attempt: the ideas feature looks for an idea an earlier attempt made
    expect(ideas.accepted[0]!.submission.redemption?.firstAttempt).to.equal(false);
  });

  it('refunds redemptions of a reward the streamer turned off', async () => {
    const { intake, ideas, stored } = harness(false);
    await intake.handle(event());
    expect(ideas.accepted).to.deep.equal([]);
    expect(stored.get('redemption-1')).to.include({ stage: 'refused', refusal_reason: 'reward_off' });
  });

  it('takes a batch in order with one write per step, refunding the refused one and ignoring the unknown reward', async () => {
    const { intake, ideas, stored, queued, writes } = harness();
    const results = await intake.handleBatch([
      event({ id: 'r-1', user_input: 'a frog' }),
      event({ id: 'r-2', user_input: 'something blocked' }),
      event({ id: 'r-3', reward: { id: 'someone-elses' } }),
      event({ id: 'r-4', user_input: 'a bat' }),
    ]);
    expect(results).to.deep.equal([
      { outcome: 'processed' },
      { outcome: 'processed' },
      { outcome: 'ignored', reason: 'unknown reward or channel' },
      { outcome: 'processed' },
    ]);
    expect(ideas.accepted.map((each) => each.submission.text)).to.deep.equal(['a frog', 'a bat']);
    expect(writes).to.deep.equal(['record 3', 'submitted 2']);
    expect(stored.get('r-1')).to.include({ stage: 'submitted', idea_id: 'idea-1' });
    expect(stored.get('r-2')).to.include({ stage: 'refused', refusal_reason: 'idea_blocked_term' });
    expect(stored.get('r-4')).to.include({ stage: 'submitted', idea_id: 'idea-2' });
    expect(queued).to.deep.equal(['record-r-2']);
  });

  it('acknowledges and ignores an unknown reward or channel', async () => {
    const { intake, ideas, stored } = harness();
    expect(await intake.handle(event({ reward: { id: 'someone-elses' } }))).to.deep.equal({
      outcome: 'ignored',
      reason: 'unknown reward or channel',
    });
    expect(await intake.handle(event({ broadcaster_user_id: '999' }))).to.have.property('outcome', 'ignored');
    expect(ideas.accepted).to.deep.equal([]);
    expect(stored.size).to.equal(0);
  });
});

describe('redemptionOutcomes: the ideas feature’s verdicts told back to Twitch', () => {
  it('asks CANCELED (a refund) for rejected, failed and expired ideas and FULFILLED for ready ones', async () => {
    const asked: Array<[string, string]> = [];
    const outcomes = redemptionOutcomes({
      redemptions: {
        findByTwitchIdForIdeaOutcome: async (id: string) => ({ id: `record-${id}`, user_id: owner }) as Redemption,
      },
      statusJobs: { request: async (_owner, id, status) => (asked.push([id, status]), true) },
    });
    const idea = (id: string): IdeaLike => ({ id, redemption: { reward_id: 'reward-1', redemption_id: id } });
    await outcomes.onRejected!(idea('a'));
    await outcomes.onFailed!(idea('b'));
    await outcomes.onExpired!(idea('c'));
    await outcomes.onReady!(idea('d'));
    await outcomes.onReady!({ id: 'chat-idea', redemption: null });
    expect(asked).to.deep.equal([
      ['record-a', 'CANCELED'],
      ['record-b', 'CANCELED'],
      ['record-c', 'CANCELED'],
      ['record-d', 'FULFILLED'],
    ]);
  });
});
