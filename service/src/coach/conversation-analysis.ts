import { findBackground } from './background-request';
import { applyRefinement, emptySlots, type PromptSlots } from './prompt-slots';
import { readRefinements, type StreamerMessage } from './refinement-reader';
import { NO_TEXT, findText, stripEnds } from './text-request';

export type { StreamerMessage } from './refinement-reader';
/** What the conversation so far says about the asset: the prompt's slots, each as last refined. */
export type ConversationState = PromptSlots;

const LEAD_IN =
  /^(?:please\s+|can you\s+|could you\s+|would you\s+|i(?:'d| would) like(?: it)?(?: to)?\s+|i want(?: it)?(?: to)?\s+|let'?s\s+|maybe\s+|also\s+|and\s+|ok(?:ay)?,?\s+|actually,?\s+)+/i;
const ASSET_LEAD_IN =
  /^(?:(?:i want|i'd like|i would like|make me|make|create|design|give me|can you make|could you make)\s+)?(?:an?\s+|some\s+|my\s+)?(?:twitch\s+|youtube\s+|instagram\s+|tiktok\s+|sub\s+)?(?:emotes?|badges?|thumbnails?|banners?|overlays?|panels?|story|stories|reels?(?:\s+cover)?|offline\s+screens?|covers?|graphics?)\s+(?:of|for|with|showing|where|that shows|about)\s+/i;
const DANGLING_TEXT_INTRO =
  /[\s,]*(?:(?:that|which|it)\s+)?(?:says|saying|reads|reading|with (?:the )?(?:text|words?|caption)|text|caption|headline|title|label)\s*:?\s*(?=$|[,.;!?])/i;

/**
 * The opening description as the subject: without filler, and without the text, the "no text" and
 * the background it asks for (those are slots of their own, so a refinement can overwrite them).
 */
export function subjectOf(description: string): string {
  let subject = description.trim();
  const text = findText(subject);
  if (text) {
    // "… that says "GG"" loses the quote and the words that introduced it
    subject = subject.replace(text.span, ' ').replace(DANGLING_TEXT_INTRO, ' ');
  }
  subject = subject.replace(new RegExp(NO_TEXT.source, 'gi'), ' ');
  const background = findBackground(subject);
  if (background) {
    subject = subject.replace(background.span, ' ');
  }
  subject = subject.replace(LEAD_IN, '').replace(ASSET_LEAD_IN, '');
  subject = stripEnds(
    subject
      .replace(/\s+/g, ' ')
      .replace(/\s+([,.;])/g, '$1')
      .replace(/(?:[,;]\s*)+$/, ''),
  );
  return subject || stripEnds(description);
}

/** Reads the conversation so far, oldest message first (the opening description first). */
export function analyzeConversation(messages: readonly StreamerMessage[]): ConversationState {
  const slots = emptySlots(subjectOf(messages[0]?.content ?? ''));
  messages.forEach((message, index) => {
    for (const refinement of readRefinements(message, index === 0)) {
      applyRefinement(slots, refinement);
    }
  });
  return slots;
}
