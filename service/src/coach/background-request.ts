import type { BackgroundSlot } from './prompt-slots';

/** Reading what a streamer's message says about the background. */

const BACKGROUND = /\b(?:background|backdrop|bg)\b/i;
const NO_BACKGROUND =
  /(?:\b(?:on|with|against)\s+)?(?:\b(?:no|without|remove|drop|lose|get rid of|delete|ditch|clear|take away|take out)\s+(?:the\s+|any\s+|a\s+)?(?:background|backdrop|bg)\b|\b(?:a\s+)?transparent\s+(?:background|backdrop|bg)\b|\b(?:background|backdrop|bg)\s+(?:transparent|removed)\b)/i;
/** Words that end the description in front of "background", looking back from it. */
const BOUNDARY = new Set(
  'on with against over behind give add use put it make set change the in of to and want need wanna please plus also'.split(
    ' ',
  ),
);
const PREPOSITIONS = new Set(['on', 'with', 'against', 'over', 'behind', 'in']);
const AFTER_LEAD = /^(?:to\s+be\s+|to\s+|should\s+be\s+|be\s+|is\s+|:\s*|=\s*|into\s+)/i;
/** "the background darker" adjusts it rather than replacing it. */
const ADJUSTMENT =
  /^(?:a\s+bit\s+|much\s+|way\s+)?(?:darker|lighter|brighter|dimmer|softer|simpler|busier|blurrier|blurred|more|less)\b/i;

export interface BackgroundRequest {
  background: BackgroundSlot;
  /** The words that asked for it, to take out of the subject. */
  span: string;
}

/** The background a clause (or the opening idea) asks for, if any. */
export function findBackground(text: string): BackgroundRequest | null {
  const none = NO_BACKGROUND.exec(text);
  if (none) {
    return { background: { kind: 'empty' }, span: none[0] };
  }
  const word = BACKGROUND.exec(text);
  if (!word) {
    return null;
  }
  const tokens = text
    .slice(0, word.index)
    .replace(/[,;]\s*$/, '')
    .split(/\s+/)
    .filter(Boolean);
  let start = tokens.length;
  while (start > 0 && !BOUNDARY.has(tokens[start - 1]!.toLowerCase().replace(/[^a-z]/g, ''))) {
    start -= 1;
  }
  const described = tokens.slice(start);
  if (described.some((token) => !/^(?:a|an)$/i.test(token))) {
    if (!/^(?:a|an)$/i.test(described[0]!)) {
      described.unshift('a');
    }
    // "on a red background": the preposition leaves the subject with it
    const lead = tokens[start - 1]?.toLowerCase();
    const spanStart = lead && PREPOSITIONS.has(lead) ? start - 1 : start;
    return {
      background: { kind: 'described', description: `${described.join(' ')} background` },
      span: `${tokens.slice(spanStart).join(' ')} ${word[0]}`,
    };
  }
  const after = text
    .slice(word.index + word[0].length)
    .trim()
    .replace(AFTER_LEAD, '')
    .replace(/[\s.,!?;:]+$/, '');
  if (!after || ADJUSTMENT.test(after)) {
    return null;
  }
  return { background: { kind: 'described', description: after }, span: text.slice(word.index) };
}
