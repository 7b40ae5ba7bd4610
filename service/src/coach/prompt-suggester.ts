import type { CoachAssetType } from '@aurastream/contract';
import type { Logger } from '../shared/logger';
import { planTurn, type TurnContext } from './coach-plan';
import type { CoachResponder } from './coach-responder';

/** A generation-ready prompt made from someone's rough words, and which coach made it. */
export interface PromptSuggestion {
  prompt: string;
  source: 'offline' | 'llm';
}

function contextOf(assetType: CoachAssetType, text: string): TurnContext {
  return {
    assetType,
    brand: null,
    grounding: [],
    messages: [{ role: 'user', content: text, created_at: new Date().toISOString() }],
    // one answer, no questions: the format's defaults fill what the words leave open
    turnsRemaining: 0,
  };
}

/**
 * The Prompt Coach in one shot, for words that are not the streamer's own conversation (a viewer's
 * idea): the rule-based coach at once, or the LLM coach when one is configured, falling back to the
 * rules when it fails. No session, no stream, no quota of the coach's own.
 */
export class CoachPromptSuggester {
  constructor(
    private readonly options: {
      /** The LLM coach; null when none is configured. */
      llm: CoachResponder | null;
      timeoutMs: number;
      logger: Logger;
    },
  ) {}

  get hasLlm(): boolean {
    return this.options.llm !== null;
  }

  /** The rule-based coach's prompt: deterministic and immediate. */
  offline(assetType: CoachAssetType, text: string): PromptSuggestion {
    return { prompt: planTurn(contextOf(assetType, text)).proposal.refined_prompt, source: 'offline' };
  }

  /** The LLM coach's prompt when it has one and answers in time, else the rule-based one. */
  async suggest(assetType: CoachAssetType, text: string): Promise<PromptSuggestion> {
    const llm = this.options.llm;
    if (!llm) {
      return this.offline(assetType, text);
    }
    try {
      const answer = await llm.respond(
        contextOf(assetType, text),
        1,
        async () => undefined,
        AbortSignal.timeout(this.options.timeoutMs),
      );
      return { prompt: answer.proposal.refined_prompt, source: answer.source === 'llm' ? 'llm' : 'offline' };
    } catch (error) {
      this.options.logger.warn({ err: error }, 'the LLM coach could not suggest a prompt; using the rule-based one');
      return this.offline(assetType, text);
    }
  }
}
