import type { CoachIntent, CoachStreamChunk } from '@aurastream/contract';

/**
 * Where the chunks of one coach turn go, as they come: grounding, tokens, `intent_ready`, then
 * `done` or `error`. The SSE response is one adapter (`sseCoachSink`); the chat bot gathers a turn
 * into one message (`CollectedCoachTurn`).
 */
export interface CoachSink {
  /** Aborted when the receiver is gone (a client that disconnected): the turn stops there. */
  readonly signal: AbortSignal;
  send(chunk: CoachStreamChunk): Promise<void>;
  /** The turn is over, however it ended; called once. */
  end(): void;
}

/**
 * Opens the sink of a turn once the turn is admitted and its session exists, so a refusal (tier,
 * limits, a busy session) is a plain error and no stream was ever opened.
 */
export type OpenCoachSink = (session: { id: string }) => CoachSink;

/** A whole coach turn, as one chat message would carry it. */
export interface CoachTurnResult {
  sessionId: string;
  /** The coach's answer: every token, in order. */
  reply: string;
  /** The generation-ready prompt, when this turn produced one. */
  intent: CoachIntent | null;
  /** Why the turn failed, when it did. */
  error: { code: string; message: string; retryable: boolean } | null;
}

/** Gathers a coach turn whole, for a caller that cannot stream (the chat bot posts it to chat). */
export class CollectedCoachTurn {
  private readonly controller = new AbortController();
  private readonly tokens: string[] = [];
  private sessionId = '';
  private intent: CoachIntent | null = null;
  private error: CoachTurnResult['error'] = null;
  private finish: (result: CoachTurnResult) => void = () => undefined;
  /** Settles when the turn ended. */
  readonly result = new Promise<CoachTurnResult>((resolve) => (this.finish = resolve));

  readonly open: OpenCoachSink = (session) => {
    this.sessionId = session.id;
    return {
      signal: this.controller.signal,
      send: async (chunk) => this.receive(chunk),
      end: () =>
        this.finish({ sessionId: this.sessionId, reply: this.tokens.join(''), intent: this.intent, error: this.error }),
    };
  };

  /** Stops the turn (the chat message is no longer wanted). */
  cancel(): void {
    this.controller.abort(new Error('the coach turn was cancelled'));
  }

  private receive(chunk: CoachStreamChunk): void {
    switch (chunk.type) {
      case 'token':
        this.tokens.push(chunk.content);
        break;
      case 'intent_ready':
        this.intent = chunk.metadata;
        break;
      case 'error':
        this.error = { code: chunk.metadata.code, message: chunk.content, retryable: chunk.metadata.retryable };
        break;
      case 'grounding':
      case 'grounding_complete':
      case 'done':
        break;
    }
  }
}
