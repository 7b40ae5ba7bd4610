import { planTurn, type TurnContext } from './coach-plan';
import type { CoachAnswer, CoachResponder } from './coach-responder';
import { wordTokens, writeOfflineReply } from './offline-reply';

/**
 * The coach without an LLM: a deterministic, rule-based refiner that reads the conversation, applies
 * the asset type's constraints and the brand kit, and streams its answer word by word.
 */
export class OfflineCoach implements CoachResponder {
  readonly provider = 'offline';

  /** @param tokenDelayMs pause between streamed words (a readable typing pace); 0 sends them at once */
  constructor(private readonly tokenDelayMs: number) {}

  async respond(
    context: TurnContext,
    version: number,
    emit: (token: string) => Promise<void>,
    signal: AbortSignal,
  ): Promise<CoachAnswer> {
    const plan = planTurn(context);
    const reply = writeOfflineReply(context, plan, version);
    for (const token of wordTokens(reply)) {
      signal.throwIfAborted();
      await emit(token);
      if (this.tokenDelayMs > 0) {
        // a plain timer: the abort is seen at the next word, and thousands of open streams add no listeners
        await new Promise((resolve) => setTimeout(resolve, this.tokenDelayMs));
      }
    }
    signal.throwIfAborted();
    return { reply, proposal: plan.proposal, ready: plan.ready, asked: plan.questions, source: 'offline' };
  }
}
