import { EXTENSION_BROADCAST_VERSION, type LiveEvent } from '@aurastream/contract';

type VotesEvent = Extract<LiveEvent, { type: 'idea.votes' }>;
type ProgressEvent = Extract<LiveEvent, { type: 'idea.generating' }>;

/**
 * A channel's live events waiting for its next Extension PubSub message: the others in order, and
 * of the coalesced ones only the latest (each idea's vote count and progress), so any burst fits
 * in a few messages.
 */
export class BroadcastBatch {
  private events: LiveEvent[] = [];
  private readonly votes = new Map<string, VotesEvent['votes'][number]>();
  private readonly progress = new Map<string, ProgressEvent>();

  get isEmpty(): boolean {
    return this.events.length === 0 && this.votes.size === 0 && this.progress.size === 0;
  }

  add(event: LiveEvent): void {
    if (event.type === 'idea.votes') {
      for (const count of event.votes) {
        this.votes.set(count.idea_id, count);
      }
    } else if (event.type === 'idea.generating') {
      this.progress.set(event.idea_id, event);
    } else {
      // an idea's result makes its progress waiting to go out stale
      this.progress.delete(event.idea.id);
      this.events.push(event);
    }
  }

  /**
   * Takes the events that fit in one message of at most `maxBytes` (the order kept, coalesced
   * values last); what does not fit stays for the next message. Null when nothing waits.
   */
  take(maxBytes: number, now = new Date()): { message: string; events: LiveEvent[] } | null {
    const queue = this.drain(now);
    if (queue.length === 0) {
      return null;
    }
    const envelope = (items: string[]) => `{"v":${EXTENSION_BROADCAST_VERSION},"events":[${items.join(',')}]}`;
    const taken: string[] = [];
    const events: LiveEvent[] = [];
    let bytes = Buffer.byteLength(envelope([]));
    while (queue.length > 0) {
      const next = queue[0]!;
      const json = JSON.stringify(next);
      const size = Buffer.byteLength(json) + (taken.length > 0 ? 1 : 0);
      if (bytes + size <= maxBytes) {
        taken.push(json);
        events.push(next);
        bytes += size;
        queue.shift();
        continue;
      }
      if (taken.length > 0) {
        break;
      }
      // a single event too big for a message: votes split in halves; anything else cannot go
      queue.shift();
      if (next.type === 'idea.votes' && next.votes.length > 1) {
        const half = Math.ceil(next.votes.length / 2);
        queue.unshift({ ...next, votes: next.votes.slice(0, half) }, { ...next, votes: next.votes.slice(half) });
      }
    }
    this.putBack(queue);
    return taken.length > 0 ? { message: envelope(taken), events } : null;
  }

  /** Events taken for a message Twitch refused, back at the front (newer coalesced values win). */
  putBack(events: readonly LiveEvent[]): void {
    const ordered: LiveEvent[] = [];
    for (const event of events) {
      if (event.type === 'idea.votes') {
        for (const count of event.votes) {
          if (!this.votes.has(count.idea_id)) {
            this.votes.set(count.idea_id, count);
          }
        }
      } else if (event.type === 'idea.generating') {
        if (!this.progress.has(event.idea_id)) {
          this.progress.set(event.idea_id, event);
        }
      } else {
        ordered.push(event);
      }
    }
    this.events = [...ordered, ...this.events];
  }

  private drain(now: Date): LiveEvent[] {
    const queue: LiveEvent[] = this.events;
    this.events = [];
    if (this.votes.size > 0) {
      queue.push({ type: 'idea.votes', at: now.toISOString(), votes: [...this.votes.values()] });
      this.votes.clear();
    }
    queue.push(...this.progress.values());
    this.progress.clear();
    return queue;
  }
}
