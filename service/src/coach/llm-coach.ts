import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { Logger } from '../shared/logger';
import { planTurn, type TurnContext } from './coach-plan';
import { CoachStreamError, type CoachAnswer, type CoachResponder } from './coach-responder';
import { FenceSplitter } from './fence-splitter';
import { buildChatMessages, parseLlmIntent } from './llm-prompt';

export interface LlmCoachOptions {
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  /** Empty for servers that need none (Ollama, vLLM). */
  apiKey: string;
  model: string;
  /** Longest wait for the first token, and between tokens. */
  timeoutMs: number;
  logger: Logger;
}

class IdleTimeout extends Error {}

/** Maps what the `openai` package throws to an error chunk's code. */
function toStreamError(error: unknown): CoachStreamError {
  if (error instanceof CoachStreamError) {
    return error;
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new CoachStreamError('llm_timeout', 'The coach model took too long to answer', true);
  }
  if (error instanceof APIConnectionError) {
    return new CoachStreamError('llm_unavailable', 'The coach model could not be reached', true);
  }
  if (error instanceof APIError) {
    if (error.status === 429) {
      return new CoachStreamError('llm_rate_limited', 'The coach model is busy; try again in a moment', true);
    }
    const retryable = error.status === undefined || error.status >= 500;
    return new CoachStreamError('llm_error', 'The coach model failed while answering', retryable);
  }
  return new CoachStreamError('llm_stream_interrupted', 'The connection to the coach model broke mid-answer', true);
}

/**
 * The coach on any OpenAI-compatible chat-completions endpoint, streamed token by token. The model
 * ends its answer with a fenced JSON intent, which is kept out of the streamed text and validated;
 * when it is missing or invalid, the rule-based plan supplies the intent.
 */
export class LlmCoach implements CoachResponder {
  readonly provider = 'llm';
  private readonly client: OpenAI;

  constructor(private readonly options: LlmCoachOptions) {
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      // the package insists on a key; local servers ignore it
      apiKey: options.apiKey || 'not-needed',
      timeout: options.timeoutMs,
      // one retry for a failed connection or 5xx before streaming starts; none once tokens flow
      maxRetries: 1,
    });
  }

  async respond(
    context: TurnContext,
    _version: number,
    emit: (token: string) => Promise<void>,
    signal: AbortSignal,
  ): Promise<CoachAnswer> {
    const plan = planTurn(context);
    const splitter = new FenceSplitter();
    const idle = new AbortController();
    let idleTimer: NodeJS.Timeout | null = null;
    const armIdleTimer = (): void => {
      if (idleTimer) {
        clearTimeout(idleTimer);
      }
      idleTimer = setTimeout(() => idle.abort(new IdleTimeout()), this.options.timeoutMs);
    };
    const requestSignal = AbortSignal.any([signal, idle.signal]);
    try {
      armIdleTimer();
      const stream = await this.client.chat.completions.create(
        { model: this.options.model, messages: buildChatMessages(context, plan), stream: true, temperature: 0.7 },
        { signal: requestSignal },
      );
      for await (const chunk of stream) {
        armIdleTimer();
        const delta = chunk.choices[0]?.delta?.content;
        const visible = delta ? splitter.push(delta) : '';
        if (visible) {
          await emit(visible);
        }
      }
    } catch (error) {
      if (!(error instanceof APIUserAbortError) && !requestSignal.aborted) {
        this.options.logger.warn({ err: error }, 'coach LLM request failed');
        throw toStreamError(error);
      }
    } finally {
      if (idleTimer) {
        clearTimeout(idleTimer);
      }
    }
    // the package ends an aborted stream quietly, so the reason is checked here
    signal.throwIfAborted();
    if (idle.signal.aborted) {
      throw new CoachStreamError('llm_timeout', 'The coach model stopped answering', true);
    }

    const { tail, block } = splitter.finish();
    if (tail) {
      await emit(tail);
    }
    const reply = splitter.visible.trim();
    if (!reply) {
      throw new CoachStreamError('llm_empty_answer', 'The coach model sent an empty answer', true);
    }
    const intent = parseLlmIntent(block, plan.proposal);
    if (!intent) {
      this.options.logger.info(
        { hasBlock: block !== null },
        'coach LLM gave no usable intent; using the rule-based one',
      );
      return { reply, proposal: plan.proposal, ready: plan.ready, asked: plan.questions, source: 'rules' };
    }
    const ready = intent.ready || context.turnsRemaining <= 0;
    return { reply, proposal: intent.proposal, ready, asked: ready ? [] : plan.questions, source: 'llm' };
  }
}
