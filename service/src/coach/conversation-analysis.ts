import type { StylePreset } from '@aurastream/contract';
import type { CoachSlot } from './asset-profiles';
import { COLOR_NAMES, MOOD_KEYWORDS, STYLE_KEYWORDS, lastMentioned, wholeWordPattern } from './style-vocabulary';

/** One message of the streamer's, with the slots the coach had just asked about. */
export interface StreamerMessage {
  content: string;
  answering: readonly CoachSlot[];
}

/** What the conversation so far says about the asset, in the streamer's own terms. */
export interface ConversationState {
  /** The subject, from the opening description. */
  subject: string;
  /** A mood key of MOOD_KEYWORDS, or the streamer's own word for it. */
  mood: string | null;
  /** Text to render: a string, null for "no text", undefined while unsettled. */
  text: string | null | undefined;
  /** A style the streamer named. */
  style: StylePreset | null;
  /** A style described in words no preset matches ("watercolour"). */
  customStyle: string | null;
  /** Hex colours the streamer named, most important first. */
  colors: string[];
  /** Extra direction from follow-up messages ("give the cat a crown"). */
  additions: string[];
  /** Things to leave out ("no background"). */
  avoid: string[];
  /** Slots the streamer answered (even with something no rule recognised). */
  answered: Set<CoachSlot>;
  /** The streamer accepted the proposal ("looks good", "generate"). */
  confirmed: boolean;
}

const MAX_ADDITIONS = 6;
const CONFIRMATION =
  /^\s*(yes|yep|yeah|yup|ok|okay|sure|perfect|great|awesome|nice|love it|looks good|looks great|sounds good|do it|go|go for it|generate|generate it|ship it|that'?s it|that works|good|all good)\b[\s!.]*$/i;
const NO_TEXT =
  /\b(no|without|skip|drop|remove|lose)\s+(the\s+|any\s+)?(text|words?|lettering|caption|title|writing)\b|\btext-?free\b/i;
const NO_ANSWER = /^\s*(no|none|nope|nothing|nah|no thanks)\s*[.!]*\s*$/i;
const QUOTED = /["“”]([^"“”]{1,60})["“”]|(?:^|\s)'([^']{1,60})'(?=$|[\s.,!?;:])/;
const TEXT_DIRECTIVE =
  /\b(?:text|caption|headline|title|label|lettering|tagline)\s*(?::|=|-|should (?:be|say|read)|is|says|reads|reading)\s*(.+?)\s*(?=[.!?;]|$)|\b(?:that|which|it)\s+(?:says|reads)\s+(.+?)\s*(?=[.!?;,]|$)|\bsaying\s+(.+?)\s*(?=[.!?;,]|$)/i;
const HEX = /#(?:[0-9a-f]{6}|[0-9a-f]{3})\b/gi;
const APPEND_COLORS = /\b(add|also|plus|more|some|touch|accents?|highlights?|and keep)\b/i;
const DIRECTIVE =
  /\b(make|add|change|turn|give|put|use|remove|without|more|less|bigger|smaller|larger|instead|replace|swap|move|keep)\b/i;
const REMOVAL = /^(?:please\s+)?(?:remove|without|drop|lose|get rid of|no)\s+(?:the\s+|any\s+)?([a-z][a-z -]{1,40})$/i;
const CLAUSE_BREAK = /[,;.!?]+|\s+(?:and|but|then|plus)\s+/i;
const PALETTE_CONTEXT = /\b(colou?rs?|palette|scheme|tones?|theme)\b/i;
/** Words that carry no direction of their own once styles, moods and colours are taken out. */
const FILLER = new Set(
  "a an the it its it's to in with and of more less some bit little lot much very really super kinda also please instead make use go switch change try turn look looks like style styles vibe vibes feel feeling mood colours colors colour color palette tones tone version way should be".split(
    ' ',
  ),
);
const SLOT_VOCABULARY = [
  ...Object.values<readonly string[]>(STYLE_KEYWORDS).flat(),
  ...Object.values<readonly string[]>(MOOD_KEYWORDS).flat(),
  ...Object.keys(COLOR_NAMES),
].sort((a, b) => b.length - a.length);
const LEAD_IN =
  /^(?:please\s+|can you\s+|could you\s+|would you\s+|i(?:'d| would) like(?: it)?(?: to)?\s+|i want(?: it)?(?: to)?\s+|let'?s\s+|maybe\s+|also\s+|and\s+|ok(?:ay)?,?\s+|actually,?\s+)+/i;
const ASSET_LEAD_IN =
  /^(?:(?:i want|i'd like|i would like|make me|make|create|design|give me|can you make|could you make)\s+)?(?:an?\s+|some\s+|my\s+)?(?:twitch\s+|youtube\s+|instagram\s+|tiktok\s+|sub\s+)?(?:emotes?|badges?|thumbnails?|banners?|overlays?|panels?|story|stories|reels?(?:\s+cover)?|offline\s+screens?|covers?|graphics?)\s+(?:of|for|with|showing|where|that shows|about)\s+/i;
const DANGLING_TEXT_INTRO =
  /[\s,]*(?:(?:that|which|it)\s+)?(?:says|saying|reads|reading|with (?:the )?(?:text|words?|caption)|text|caption|headline|title|label)\s*:?\s*(?=$|[,.;!?])/i;
const TEXT_WORDS = /^(text|words?|lettering|caption|title|writing)$/i;

function words(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}

function looksLikeLettering(text: string): boolean {
  return /[A-Z]/.test(text) && text === text.toUpperCase() && words(text) <= 4;
}

function stripEnds(text: string): string {
  return text
    .trim()
    .replace(/^["“”']+|["“”']+$/g, '')
    .replace(/[\s.,!?;:]+$/g, '')
    .trim();
}

/** The quoted or explicitly introduced text of a message, with the span it came from. */
function findText(message: string): { text: string; span: string } | null {
  const quoted = QUOTED.exec(message);
  if (quoted) {
    const text = stripEnds(quoted[1] ?? quoted[2] ?? '');
    if (text) {
      return { text, span: quoted[0] };
    }
  }
  const directive = TEXT_DIRECTIVE.exec(message);
  if (directive) {
    const raw = directive[1] ?? directive[2] ?? directive[3] ?? '';
    const text = stripEnds(raw.split(/\s+/).slice(0, 8).join(' '));
    if (text && !NO_ANSWER.test(text)) {
      return { text, span: directive[0] };
    }
  }
  return null;
}

function findColors(message: string): string[] {
  const found: { index: number; hex: string }[] = [];
  for (const match of message.matchAll(HEX)) {
    const digits = match[0].slice(1);
    const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
    found.push({ index: match.index, hex: `#${full.toUpperCase()}` });
  }
  for (const [name, hex] of Object.entries(COLOR_NAMES)) {
    for (const match of message.matchAll(wholeWordPattern(name))) {
      found.push({ index: match.index, hex });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return [...new Set(found.map((item) => item.hex))];
}

/** Whether a clause only names styles, moods and colours (already applied as slots). */
function isOnlySlotWords(clause: string): boolean {
  let rest = ` ${clause.toLowerCase().replace(HEX, ' ')} `;
  for (const phrase of SLOT_VOCABULARY) {
    rest = rest.split(` ${phrase} `).join('  ');
  }
  return rest
    .split(/[^a-z0-9']+/)
    .filter(Boolean)
    .every((word) => FILLER.has(word));
}

function findHexColors(message: string): string[] {
  return [...message.matchAll(HEX)].map((match) => {
    const digits = match[0].slice(1);
    const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
    return `#${full.toUpperCase()}`;
  });
}

/** A follow-up turned into prompt language: "can you make the cat bigger?" → "the cat bigger". */
function toDirection(message: string): string {
  let direction = stripEnds(message.replace(LEAD_IN, ''));
  direction = direction
    .replace(/^make\s+it\s+/i, '')
    .replace(/^make\s+/i, '')
    .replace(/^(?:add|include|put)\s+/i, '');
  return direction.charAt(0).toLowerCase() + direction.slice(1);
}

/** The opening description without filler and without the text it asks for. */
export function subjectOf(description: string): string {
  let subject = description.trim();
  const text = findText(subject);
  if (text) {
    // "… that says "GG"" loses the quote and the words that introduced it
    subject = subject.replace(text.span, ' ').replace(DANGLING_TEXT_INTRO, ' ');
  }
  subject = subject.replace(LEAD_IN, '').replace(ASSET_LEAD_IN, '');
  subject = stripEnds(subject.replace(/\s+/g, ' ').replace(/\s+([,.;])/g, '$1'));
  return subject || stripEnds(description);
}

function applyMessage(state: ConversationState, message: StreamerMessage, isOpening: boolean): void {
  const content = message.content.trim();
  if (!isOpening && CONFIRMATION.test(content) && words(content) <= 4) {
    state.confirmed = true;
    return;
  }
  const textFound = findText(content);
  // quoted text must not count as colour or style words ("GOLD RUSH" is text, not a colour)
  const outsideText = textFound ? content.replace(textFound.span, ' ') : content;
  const consumed = new Set<CoachSlot>();

  if (NO_TEXT.test(outsideText) || (message.answering.includes('text') && NO_ANSWER.test(content))) {
    state.text = null;
    consumed.add('text');
  } else if (textFound) {
    state.text = textFound.text;
    consumed.add('text');
  } else if (message.answering.includes('text') && looksLikeLettering(content)) {
    // "GG" or "LETS GO" typed in capitals in reply to the text question is the lettering itself
    state.text = stripEnds(content);
    consumed.add('text');
  }

  const moodWithoutConfirmation = outsideText.replace(/\b(i )?love (it|this|that)\b/gi, ' ');
  const mood = lastMentioned(moodWithoutConfirmation, MOOD_KEYWORDS);
  if (mood) {
    state.mood = mood;
    consumed.add('mood');
  }
  const style = lastMentioned(outsideText, STYLE_KEYWORDS);
  if (style) {
    state.style = style;
    state.customStyle = null;
    consumed.add('style');
  }
  // colour words in the opening idea describe the subject ("my orange cat") unless it talks palette
  const colors = isOpening && !PALETTE_CONTEXT.test(outsideText) ? findHexColors(outsideText) : findColors(outsideText);
  if (colors.length > 0) {
    state.colors = APPEND_COLORS.test(outsideText) ? [...new Set([...state.colors, ...colors])] : colors;
  }

  // a short reply to a question is the answer, even in words no rule knows
  const shortAnswer = words(content) <= 6;
  for (const slot of message.answering) {
    if (consumed.has(slot)) {
      continue;
    }
    if (!shortAnswer || consumed.size > 0 || colors.length > 0) {
      break;
    }
    const answer = stripEnds(content);
    if (slot === 'text') {
      state.text = answer;
    } else if (slot === 'mood') {
      state.mood = answer.toLowerCase();
    } else {
      state.customStyle = answer;
    }
    consumed.add(slot);
    break;
  }
  for (const slot of consumed) {
    state.answered.add(slot);
  }

  if (isOpening) {
    return;
  }
  const isOnlyAnAnswer = shortAnswer && consumed.size > 0 && !DIRECTIVE.test(content);
  if (isOnlyAnAnswer || (shortAnswer && !DIRECTIVE.test(content))) {
    return;
  }
  for (const clause of outsideText.split(CLAUSE_BREAK)) {
    const removal = REMOVAL.exec(clause.trim());
    if (removal) {
      const thing = stripEnds(removal[1] ?? '');
      if (thing && !TEXT_WORDS.test(thing) && !isOnlySlotWords(thing) && !state.avoid.includes(thing)) {
        state.avoid.push(thing);
      }
      continue;
    }
    const direction = toDirection(clause);
    if (direction && !isOnlySlotWords(direction)) {
      state.additions = [...state.additions.filter((item) => item !== direction), direction].slice(-MAX_ADDITIONS);
    }
  }
}

/** Reads the conversation so far, oldest message first (the opening description first). */
export function analyzeConversation(messages: readonly StreamerMessage[]): ConversationState {
  const state: ConversationState = {
    subject: subjectOf(messages[0]?.content ?? ''),
    mood: null,
    text: undefined,
    style: null,
    customStyle: null,
    colors: [],
    additions: [],
    avoid: [],
    answered: new Set(),
    confirmed: false,
  };
  messages.forEach((message, index) => applyMessage(state, message, index === 0));
  return state;
}
