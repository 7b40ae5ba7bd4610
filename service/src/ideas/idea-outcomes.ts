import type { Logger } from '../shared/logger';
import type { Idea } from './idea.repository';

/** An idea's fate, once decided, as the features listening are told it. */
export type IdeaOutcome = 'rejected' | 'ready' | 'failed' | 'expired';

/** What the ideas feature tells others when an idea's fate is decided (in a worker, as a job). */
export interface IdeaOutcomeListener {
  /** Channel points: the redemption → CANCELED (Twitch refunds). */
  onRejected?(idea: Idea): Promise<void>;
  /** Channel points: the redemption → FULFILLED. */
  onReady?(idea: Idea): Promise<void>;
  /** Channel points: CANCELED (refund), the streamer told. */
  onFailed?(idea: Idea): Promise<void>;
  /** Channel points: CANCELED. */
  onExpired?(idea: Idea): Promise<void>;
}

const HANDLERS: Readonly<Record<IdeaOutcome, keyof IdeaOutcomeListener>> = {
  rejected: 'onRejected',
  ready: 'onReady',
  failed: 'onFailed',
  expired: 'onExpired',
};

/**
 * The listeners of ideas' outcomes. Each outcome is told once, by whoever decided it (the
 * conditional status change makes one winner), through a retried job: a listener that throws
 * (Twitch down) makes the job run again, so listeners must not mind hearing an outcome twice.
 */
export class IdeaOutcomes {
  private readonly listeners = new Set<IdeaOutcomeListener>();

  constructor(private readonly logger: Logger) {}

  register(listener: IdeaOutcomeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener; throws the first failure after all have been told. */
  async tell(outcome: IdeaOutcome, idea: Idea): Promise<void> {
    const failures: unknown[] = [];
    for (const listener of [...this.listeners]) {
      try {
        await listener[HANDLERS[outcome]]?.(idea);
      } catch (error) {
        this.logger.warn({ err: error, ideaId: idea.id, outcome }, 'an idea outcome listener failed');
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw failures[0] instanceof Error ? failures[0] : new Error(String(failures[0]));
    }
  }
}
