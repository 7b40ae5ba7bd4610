import { expect } from 'chai';
import type { LiveEvent } from '@aurastream/contract';
import { LiveEventCoalescer, type CoalescedLiveEvent, type ThrottleSlot } from './live-event-coalescer';

const ideaA = '00000000-0000-4000-8000-00000000000a';
const ideaB = '00000000-0000-4000-8000-00000000000b';
const at = new Date(0).toISOString();

const votes = (ideaId: string, count: number): CoalescedLiveEvent => ({
  type: 'idea.votes',
  at,
  votes: [{ idea_id: ideaId, number: 1, votes: count }],
});
const progress = (ideaId: string, value: number): CoalescedLiveEvent => ({
  type: 'idea.generating',
  at,
  idea_id: ideaId,
  number: 2,
  progress: value,
});

/** A slot like the Redis one: taken for `intervalMs` after each send, per channel. */
function memorySlot(): ThrottleSlot {
  const heldUntil = new Map<string, number>();
  return async (ownerId, intervalMs) => {
    const now = Date.now();
    const until = heldUntil.get(ownerId) ?? 0;
    if (until > now) {
      return { waitMs: until - now };
    }
    heldUntil.set(ownerId, now + intervalMs);
    return { taken: true };
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live event coalescer', () => {
  let sent: Array<{ ownerId: string; event: LiveEvent }>;
  let coalescer: LiveEventCoalescer;

  beforeEach(() => {
    sent = [];
    coalescer = new LiveEventCoalescer({
      intervalMs: 100,
      slot: memorySlot(),
      send: async (ownerId, event) => {
        sent.push({ ownerId, event });
      },
      onError: (error) => {
        throw error;
      },
    });
  });

  afterEach(async () => {
    await coalescer.stop();
  });

  it('sends a burst of vote counts as few events, the latest count of each idea winning', async () => {
    for (let count = 1; count <= 50; count += 1) {
      coalescer.add('owner-1', votes(ideaA, count));
      coalescer.add('owner-1', votes(ideaB, count * 2));
    }
    await wait(250);
    const voteEvents = sent.map((entry) => entry.event).filter((event) => event.type === 'idea.votes');
    expect(voteEvents.length).to.be.within(1, 2);
    const last = voteEvents.at(-1) as Extract<LiveEvent, { type: 'idea.votes' }>;
    expect(last.votes.find((count) => count.idea_id === ideaA)?.votes).to.equal(50);
    expect(last.votes.find((count) => count.idea_id === ideaB)?.votes).to.equal(100);
  });

  it('spaces a channel’s batches by the interval, and channels do not hold each other up', async () => {
    coalescer.add('owner-1', votes(ideaA, 1));
    coalescer.add('owner-2', votes(ideaA, 1));
    await wait(20);
    coalescer.add('owner-1', votes(ideaA, 2));
    await wait(30);
    // owner-1's second count waits for the interval; owner-2 went out at once
    expect(sent.map((entry) => entry.ownerId).sort()).to.deep.equal(['owner-1', 'owner-2']);
    await wait(120);
    expect(sent.filter((entry) => entry.ownerId === 'owner-1')).to.have.length(2);
  });

  it('forgets progress that would arrive after the idea’s result', async () => {
    coalescer.add('owner-1', votes(ideaA, 1));
    await wait(10);
    coalescer.add('owner-1', progress(ideaB, 40));
    coalescer.forgetProgress('owner-1', ideaB);
    await wait(150);
    expect(sent.some((entry) => entry.event.type === 'idea.generating')).to.equal(false);
  });

  it('sends what waits when stopped', async () => {
    coalescer.add('owner-1', votes(ideaA, 1));
    await wait(10);
    coalescer.add('owner-1', votes(ideaA, 7));
    await coalescer.stop();
    const last = sent.at(-1)?.event as Extract<LiveEvent, { type: 'idea.votes' }>;
    expect(last.votes[0]?.votes).to.equal(7);
  });
});
