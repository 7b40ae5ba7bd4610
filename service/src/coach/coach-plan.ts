import { profileOf, type CoachSlot } from './asset-profiles';
import { analyzeConversation, type ConversationState, type StreamerMessage } from './conversation-analysis';
import { composePrompt, toneStyle, type PromptProposal } from './prompt-composer';
import type { CoachAssetType, CoachGroundingItem } from '@aurastream/contract';
import type { StoredBrandContext, StoredMessage } from './session-record';

/** What the coach knows when it answers one turn. */
export interface TurnContext {
  assetType: CoachAssetType;
  brand: StoredBrandContext | null;
  grounding: readonly CoachGroundingItem[];
  /** The whole conversation, the streamer's new message last. */
  messages: readonly StoredMessage[];
  /** Messages the streamer may still send after this turn. */
  turnsRemaining: number;
}

/** The rule-based reading of a turn: the offline coach's answer and the LLM coach's fallback. */
export interface TurnPlan {
  state: ConversationState;
  proposal: PromptProposal;
  /** The proposal before the streamer's latest message (null on the opening turn). */
  previous: PromptProposal | null;
  ready: boolean;
  /** Slots to ask about now (none once ready). */
  questions: CoachSlot[];
  warnings: string[];
}

const MAX_QUESTIONS = 2;

/** The streamer's messages, each with the slots the coach's preceding answer asked about. */
export function streamerMessages(messages: readonly StoredMessage[]): StreamerMessage[] {
  const result: StreamerMessage[] = [];
  let asked: readonly CoachSlot[] = [];
  for (const message of messages) {
    if (message.role === 'assistant') {
      asked = message.asked ?? [];
    } else {
      result.push({ content: message.content, answering: asked });
      asked = [];
    }
  }
  return result;
}

function askedBefore(messages: readonly StoredMessage[]): Set<CoachSlot> {
  return new Set(messages.flatMap((message) => (message.role === 'assistant' ? (message.asked ?? []) : [])));
}

function isMissing(slot: CoachSlot, state: ConversationState, brand: StoredBrandContext | null): boolean {
  if (state.answered.has(slot)) {
    return false;
  }
  switch (slot) {
    case 'mood':
      return state.mood === null;
    case 'text':
      return state.text === undefined;
    case 'style':
      return state.style === null && state.customStyle === null && toneStyle(brand) === null;
  }
}

function textWarnings(assetType: CoachAssetType, text: string | null): string[] {
  if (!text) {
    return [];
  }
  const profile = profileOf(assetType);
  const count = text.split(/\s+/).filter(Boolean).length;
  if (profile.maxTextWords === 0) {
    return [
      `A ${profile.label} is too small for text; I kept "${text}" because you asked, but a symbol alone will read better.`,
    ];
  }
  if (count > profile.maxTextWords) {
    const limit = profile.maxTextWords === 1 ? 'one word' : `${profile.maxTextWords} words or fewer`;
    return [`"${text}" is ${count} words; a ${profile.label} reads best with ${limit}.`];
  }
  return [];
}

/** Reads the conversation and decides what the coach proposes and whether it is ready. */
export function planTurn(context: TurnContext): TurnPlan {
  const profile = profileOf(context.assetType);
  const messages = streamerMessages(context.messages);
  const state = analyzeConversation(messages);
  const proposal = composePrompt(profile, state, context.brand, context.grounding);
  const previous =
    messages.length > 1
      ? composePrompt(profile, analyzeConversation(messages.slice(0, -1)), context.brand, context.grounding)
      : null;

  const alreadyAsked = askedBefore(context.messages);
  const missing = profile.required.filter((slot) => isMissing(slot, state, context.brand));
  const unasked = missing.filter((slot) => !alreadyAsked.has(slot)).slice(0, MAX_QUESTIONS);
  // each slot is asked once; after that the format's defaults fill it
  const ready = unasked.length === 0 || state.confirmed || context.turnsRemaining <= 0;
  return {
    state,
    proposal,
    previous,
    ready,
    questions: ready ? [] : unasked,
    warnings: textWarnings(context.assetType, proposal.text),
  };
}
