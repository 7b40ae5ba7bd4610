import { expect } from 'chai';
import { EXTENSION_PUBSUB_MAX_BYTES, type LiveEvent, type LiveIdea } from '@aurastream/contract';
import { BroadcastBatch } from './broadcast-batch';

const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
let sequence = 0;

function idea(text = 'a cat in a hat'): LiveIdea {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    number: sequence,
    text,
    source: 'panel',
    asset_type: 'emote',
    status: 'pending',
    votes: 0,
    viewer_name: null,
    created_at: at,
  };
}

const progress = (ideaId: string, value: number): LiveEvent => ({
  type: 'idea.generating',
  at,
  idea_id: ideaId,
  number: 1,
  progress: value,
});

function eventsOf(message: string): LiveEvent[] {
  return (JSON.parse(message) as { v: number; events: LiveEvent[] }).events;
}

describe('Extension PubSub batch', () => {
  it('keeps only the latest progress of each idea and the latest count of each vote', () => {
    const batch = new BroadcastBatch();
    const [first, second] = [idea(), idea()];
    for (let value = 0; value <= 100; value += 1) {
      batch.add(progress(first.id, value));
    }
    batch.add(progress(second.id, 40));
    batch.add({ type: 'idea.votes', at, votes: [{ idea_id: first.id, number: 1, votes: 3 }] });
    batch.add({ type: 'idea.votes', at, votes: [{ idea_id: first.id, number: 1, votes: 7 }] });
    const taken = batch.take(EXTENSION_PUBSUB_MAX_BYTES)!;
    const events = eventsOf(taken.message);
    expect(events.map((event) => event.type)).to.deep.equal(['idea.votes', 'idea.generating', 'idea.generating']);
    expect(events[0]).to.include({ type: 'idea.votes' });
    expect((events[0] as Extract<LiveEvent, { type: 'idea.votes' }>).votes[0]!.votes).to.equal(7);
    expect((events[1] as Extract<LiveEvent, { type: 'idea.generating' }>).progress).to.equal(100);
    expect(batch.isEmpty).to.equal(true);
  });

  it('sends other events in order, and drops the progress an idea’s result makes stale', () => {
    const batch = new BroadcastBatch();
    const made = idea();
    batch.add({ type: 'idea.submitted', at, idea: made });
    batch.add(progress(made.id, 50));
    batch.add({ type: 'idea.ready', at, idea: { ...made, status: 'ready' }, asset_ids: [] });
    const events = eventsOf(batch.take(EXTENSION_PUBSUB_MAX_BYTES)!.message);
    expect(events.map((event) => event.type)).to.deep.equal(['idea.submitted', 'idea.ready']);
  });

  it('never makes a message over the limit: the rest waits for the next one', () => {
    const batch = new BroadcastBatch();
    const submitted = Array.from({ length: 60 }, () => idea('é'.repeat(200)));
    for (const each of submitted) {
      batch.add({ type: 'idea.submitted', at, idea: each });
    }
    const received: string[] = [];
    for (
      let message = batch.take(EXTENSION_PUBSUB_MAX_BYTES);
      message;
      message = batch.take(EXTENSION_PUBSUB_MAX_BYTES)
    ) {
      expect(Buffer.byteLength(message.message)).to.be.at.most(EXTENSION_PUBSUB_MAX_BYTES);
      received.push(...eventsOf(message.message).map((event) => ('idea' in event ? event.idea.id : '')));
    }
    expect(received).to.deep.equal(submitted.map((each) => each.id));
  });

  it('splits a vote event too big for one message', () => {
    const batch = new BroadcastBatch();
    const votes = Array.from({ length: 200 }, () => ({ idea_id: idea().id, number: 1, votes: 1 }));
    batch.add({ type: 'idea.votes', at, votes });
    let counted = 0;
    for (
      let message = batch.take(EXTENSION_PUBSUB_MAX_BYTES);
      message;
      message = batch.take(EXTENSION_PUBSUB_MAX_BYTES)
    ) {
      expect(Buffer.byteLength(message.message)).to.be.at.most(EXTENSION_PUBSUB_MAX_BYTES);
      for (const event of eventsOf(message.message)) {
        counted += event.type === 'idea.votes' ? event.votes.length : 0;
      }
    }
    expect(counted).to.equal(200);
  });

  it('puts a refused message back in front, where newer values win', () => {
    const batch = new BroadcastBatch();
    const [first, second] = [idea(), idea()];
    batch.add({ type: 'idea.submitted', at, idea: first });
    batch.add(progress(first.id, 10));
    const refused = batch.take(EXTENSION_PUBSUB_MAX_BYTES)!;
    batch.add({ type: 'idea.submitted', at, idea: second });
    batch.add(progress(first.id, 30));
    batch.putBack(refused.events);
    const events = eventsOf(batch.take(EXTENSION_PUBSUB_MAX_BYTES)!.message);
    expect(events.map((event) => ('idea' in event ? event.idea.id : event.type))).to.deep.equal([
      first.id,
      second.id,
      'idea.generating',
    ]);
    expect((events[2] as Extract<LiveEvent, { type: 'idea.generating' }>).progress).to.equal(30);
  });
});
