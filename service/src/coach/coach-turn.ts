import { randomUUID } from 'node:crypto';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import { buildIntent } from './coach-intent';
import { CoachStreamError, type CoachResponder } from './coach-responder';
import type { CoachGrounding } from './grounding';
import type { CoachIntent, CoachStreamChunk } from '@aurastream/contract';
import type { CoachSessionRecord } from './session-record';
import type { CoachSessionStore } from './session-store';
import type { CoachSink } from './coach-sink';

/** A turn that passed every check and holds its stream slot and the session's turn lock. */
export interface PreparedTurn {
  /** The session with the streamer's new message appended (saved only once answered). */
  session: CoachSessionRecord;
  userId: UserId;
  /** Look up grounding before answering (studio, first answer of the session). */
  ground: boolean;
  /** Renews the stream slot's and the turn lock's leases. */
  renew(): Promise<void>;
  /** Gives back the stream slot and the turn lock. */
  release(): Promise<void>;
}

export interface CoachTurnRunnerOptions {
  store: CoachSessionStore;
  responder: CoachResponder;
  grounding: CoachGrounding;
  maxTurns: number;
  logger: Logger;
}

class ShutdownError extends Error {}

/** How often a running turn renews its stream slot's and turn lock's leases (they last a minute). */
const LEASE_RENEWAL_MS = 15_000;

/**
 * Streams one turn of a coach session: grounding, the coach's tokens, `intent_ready` when the
 * prompt is generation-ready, then `done`; or an `error` chunk with a code, into the turn's sink
 * (an SSE response, a chat message being gathered). Whatever happens, the sink
 * ends and the turn's slot and lock are released. Open turns end on service shutdown.
 */
export class CoachTurnRunner {
  private readonly active = new Map<AbortController, Promise<void>>();
  private shuttingDown = false;

  constructor(private readonly options: CoachTurnRunnerOptions) {}

  run(turn: PreparedTurn, sink: CoachSink): Promise<void> {
    const controller = new AbortController();
    const onReceiverGone = (): void => controller.abort(sink.signal.reason);
    sink.signal.addEventListener('abort', onReceiverGone, { once: true });
    if (sink.signal.aborted) {
      onReceiverGone();
    } else if (this.shuttingDown) {
      controller.abort(new ShutdownError());
    }
    const keepAlive = setInterval(() => {
      turn
        .renew()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'coach turn lease renewal failed'));
    }, LEASE_RENEWAL_MS);
    keepAlive.unref();
    const running = this.execute(turn, sink, controller.signal).finally(async () => {
      clearInterval(keepAlive);
      sink.signal.removeEventListener('abort', onReceiverGone);
      this.active.delete(controller);
      await turn
        .release()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'coach turn release failed'));
      sink.end();
    });
    this.active.set(controller, running);
    return running;
  }

  /** Ends every open turn with a `service_shutting_down` error chunk and waits for them. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const controller of this.active.keys()) {
      controller.abort(new ShutdownError());
    }
    await Promise.allSettled([...this.active.values()]);
  }

  private async execute(turn: PreparedTurn, sink: CoachSink, signal: AbortSignal): Promise<void> {
    const session = turn.session;
    const send = (chunk: CoachStreamChunk): Promise<void> => sink.send(chunk);
    try {
      signal.throwIfAborted();
      if (turn.ground) {
        await this.ground(turn, send, signal);
      }
      const turnsRemaining = Math.max(0, this.options.maxTurns - session.turns_used);
      const version = session.prompt_versions + 1;
      const answer = await this.options.responder.respond(
        {
          assetType: session.asset_type,
          brand: session.brand_context,
          grounding: session.grounding,
          messages: session.messages,
          turnsRemaining,
        },
        version,
        (token) => send({ type: 'token', content: token, metadata: null }),
        signal,
      );
      signal.throwIfAborted();

      const now = new Date().toISOString();
      let intent: CoachIntent | null = null;
      if (answer.ready) {
        intent = buildIntent({
          assetType: session.asset_type,
          proposal: answer.proposal,
          brand: session.brand_context,
          version,
          source: answer.source,
        });
        session.intent = intent;
      }
      session.messages.push({ role: 'assistant', content: answer.reply, created_at: now, asked: answer.asked });
      session.current_prompt = answer.proposal.refined_prompt;
      session.prompt_versions = version;
      session.updated_at = now;
      if (!(await this.options.store.save(session, { touch: true }))) {
        throw new CoachStreamError('session_expired', 'This coach session expired; start a new one', false);
      }
      if (intent) {
        await send({ type: 'intent_ready', content: intent.refined_prompt, metadata: intent });
      }
      await send({
        type: 'done',
        content: '',
        metadata: {
          session_id: session.id,
          turns_used: session.turns_used,
          turns_remaining: turnsRemaining,
          intent_ready: intent !== null,
          provider: this.options.responder.provider,
        },
      });
    } catch (error) {
      await this.fail(error, session.id, signal, send);
    }
  }

  /** Streams the grounding findings and keeps them in the session for the whole conversation. */
  private async ground(
    turn: PreparedTurn,
    send: (chunk: CoachStreamChunk) => Promise<void>,
    signal: AbortSignal,
  ): Promise<void> {
    const { findings, twitchConnected } = await this.options.grounding.collect(
      turn.userId,
      ({ item, line }) => send({ type: 'grounding', content: line, metadata: item }),
      signal,
    );
    turn.session.grounding = findings.map((finding) => finding.item);
    turn.session.grounded = true;
    await send({
      type: 'grounding_complete',
      content:
        findings.length > 0
          ? `Looked at ${findings.length} source${findings.length === 1 ? '' : 's'}`
          : 'No extra context found',
      metadata: { sources: findings.map((finding) => finding.item.source), twitch_connected: twitchConnected },
    });
  }

  private async fail(
    error: unknown,
    sessionId: string,
    signal: AbortSignal,
    send: (chunk: CoachStreamChunk) => Promise<void>,
  ): Promise<void> {
    let streamError: CoachStreamError;
    if (signal.aborted && signal.reason instanceof ShutdownError) {
      streamError = new CoachStreamError(
        'service_shutting_down',
        'The service is restarting; send your message again in a moment',
        true,
      );
    } else if (signal.aborted) {
      this.options.logger.debug({ sessionId }, 'coach client disconnected mid-turn');
      return;
    } else if (error instanceof CoachStreamError) {
      streamError = error;
    } else {
      const errorId = randomUUID();
      this.options.logger.error({ err: error, errorId, sessionId }, 'coach turn failed');
      streamError = new CoachStreamError(
        'internal_error',
        `Something went wrong on our side (error id ${errorId})`,
        true,
      );
    }
    await send({
      type: 'error',
      content: streamError.message,
      metadata: { code: streamError.code, retryable: streamError.retryable, session_id: sessionId },
    }).catch(() => undefined);
  }
}
