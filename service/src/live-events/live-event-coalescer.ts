import type { LiveEvent } from '@aurastream/contract';

type VotesEvent = Extract<LiveEvent, { type: 'idea.votes' }>;
type GeneratingEvent = Extract<LiveEvent, { type: 'idea.generating' }>;
export type CoalescedLiveEvent = VotesEvent | GeneratingEvent;

/** Takes the channel's send slot for `intervalMs`; answers how long to wait when another took it. */
export type ThrottleSlot = (ownerId: string, intervalMs: number) => Promise<{ taken: true } | { waitMs: number }>;

interface Pending {
  votes: Map<string, VotesEvent['votes'][number]>;
  generating: Map<string, GeneratingEvent>;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface LiveEventCoalescerOptions {
  /** At most one batch per channel per this interval, across every process (the slot is in Redis). */
  intervalMs: number;
  slot: ThrottleSlot;
  send(ownerId: string, event: LiveEvent): Promise<void>;
  onError(error: unknown): void;
}

/**
 * Holds a channel's vote counts and generation progress and sends the latest of each at most once
 * per interval: a burst of 1,000 votes becomes a few events carrying the final counts. The slot is
 * shared through Redis, so several processes voting on one channel still send a few events a second.
 */
export class LiveEventCoalescer {
  private readonly pending = new Map<string, Pending>();
  private stopped = false;

  constructor(private readonly options: LiveEventCoalescerOptions) {}

  add(ownerId: string, event: CoalescedLiveEvent): void {
    if (this.stopped) {
      return;
    }
    const pending = this.pendingOf(ownerId);
    if (event.type === 'idea.votes') {
      for (const count of event.votes) {
        pending.votes.set(count.idea_id, count);
      }
    } else {
      pending.generating.set(event.idea_id, event);
    }
    this.schedule(ownerId, pending, 0);
  }

  /** Forgets progress not yet sent for an idea whose result just went out, so it cannot follow it. */
  forgetProgress(ownerId: string, ideaId: string): void {
    this.pending.get(ownerId)?.generating.delete(ideaId);
  }

  /** Sends whatever waits, at once (shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((ownerId) => this.send(ownerId)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const pending of this.pending.values()) {
      if (pending.timer) {
        clearTimeout(pending.timer);
      }
    }
    await this.flushAll();
    this.pending.clear();
  }

  private pendingOf(ownerId: string): Pending {
    let pending = this.pending.get(ownerId);
    if (!pending) {
      pending = { votes: new Map(), generating: new Map(), timer: null };
      this.pending.set(ownerId, pending);
    }
    return pending;
  }

  private schedule(ownerId: string, pending: Pending, delayMs: number): void {
    if (pending.timer || this.stopped) {
      return;
    }
    pending.timer = setTimeout(() => {
      pending.timer = null;
      this.trySend(ownerId).catch((error: unknown) => this.options.onError(error));
    }, delayMs);
    pending.timer.unref();
  }

  private async trySend(ownerId: string): Promise<void> {
    const slot = await this.options.slot(ownerId, this.options.intervalMs);
    const pending = this.pending.get(ownerId);
    if (!pending) {
      return;
    }
    if ('waitMs' in slot) {
      this.schedule(ownerId, pending, Math.max(10, slot.waitMs));
      return;
    }
    await this.send(ownerId);
  }

  private async send(ownerId: string): Promise<void> {
    const pending = this.pending.get(ownerId);
    if (!pending || (pending.votes.size === 0 && pending.generating.size === 0)) {
      this.pending.delete(ownerId);
      return;
    }
    const votes = [...pending.votes.values()];
    const generating = [...pending.generating.values()];
    pending.votes.clear();
    pending.generating.clear();
    if (!pending.timer) {
      this.pending.delete(ownerId);
    }
    const at = new Date().toISOString();
    if (votes.length > 0) {
      await this.options.send(ownerId, { type: 'idea.votes', at, votes });
    }
    for (const event of generating) {
      await this.options.send(ownerId, event);
    }
  }
}
