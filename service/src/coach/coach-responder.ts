import type { CoachSlot } from './asset-profiles';
import type { TurnContext } from './coach-plan';
import type { PromptProposal } from './prompt-composer';
import type { CoachIntent, CoachProvider } from '@aurastream/contract';

/** What one answer of the coach produced, besides the tokens it streamed. */
export interface CoachAnswer {
  /** The answer as the streamer saw it, kept in the session's history. */
  reply: string;
  proposal: PromptProposal;
  /** The proposal can go to generation as is. */
  ready: boolean;
  /** Slots the answer asked about (each is asked once). */
  asked: CoachSlot[];
  source: CoachIntent['source'];
}

/** Writes the coach's answer to a turn, streaming it token by token through `emit`. */
export interface CoachResponder {
  readonly provider: CoachProvider;
  respond(
    context: TurnContext,
    version: number,
    emit: (token: string) => Promise<void>,
    signal: AbortSignal,
  ): Promise<CoachAnswer>;
}

/**
 * A failure while a turn streams, ended with an `error` chunk carrying `code`. Anything else thrown
 * mid-stream becomes `internal_error`.
 */
export class CoachStreamError extends Error {
  override readonly name = 'CoachStreamError';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
