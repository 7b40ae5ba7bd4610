/** Reading what a streamer's message says about the text on the asset. */

/** "no text", "remove the words", "text-free". */
export const NO_TEXT =
  /\b(?:no|without|skip|drop|remove|lose|delete|ditch)\s+(?:the\s+|any\s+)?(?:text|words?|lettering|caption|title|writing)\b|\btext-?free\b|\bget rid of\s+(?:the\s+)?(?:text|words?|lettering|caption)\b/i;
/** A bare "no" to a question. */
export const NO_ANSWER = /^\s*(?:no|none|nope|nothing|nah|no thanks)\s*[.!]*\s*$/i;
/** Words that name the text itself (not what it says). */
export const TEXT_WORDS = /^(?:text|words?|lettering|caption|title|writing)$/i;

const QUOTED = /["“”]([^"“”]{1,60})["“”]|(?:^|\s)'([^']{1,60})'(?=$|[\s.,!?;:])/;
const END = String.raw`\s*(?=[.!?;,]|\s+(?:and|but|then|please|on it|on top|in\s+(?:the|a|big|bold)\b)|$)`;
const TEXT_NOUN = String.raw`(?:text|caption|headline|title|label|lettering|tagline|words?)`;
/** Each pattern captures the text in its first group. */
const TEXT_PATTERNS: readonly RegExp[] = [
  // "text: GG", "the caption should read touch grass"
  new RegExp(String.raw`\b${TEXT_NOUN}\s*(?::|=|-|should (?:be|say|read)|is|says|reads|reading)\s*(.+?)${END}`, 'i'),
  // "change the text to EZ"
  new RegExp(String.raw`\b(?:change|switch|set|swap)\s+(?:the\s+)?${TEXT_NOUN}\s+(?:to|for)\s+(.+?)${END}`, 'i'),
  // "add the text GG", "with the word W", "put the caption LETS GO"
  new RegExp(
    String.raw`(?:\b(?:add|put|use|write|include)\s+(?:the\s+|a\s+|some\s+)?|\b(?:with|plus)\s+the\s+)${TEXT_NOUN}\s+(.+?)${END}`,
    'i',
  ),
  // "make it say GG", "a sign that says hi", "saying GG"
  /\bmake\s+(?:it|the\s+\w+)\s+say\s+(.+?)\s*(?=[.!?;,]|\s+(?:and|but|then)\s+|$)/i,
  /\b(?:that|which|it)\s+(?:says|reads)\s+(.+?)\s*(?=[.!?;,]|$)/i,
  /\bsaying\s+(.+?)\s*(?=[.!?;,]|$)/i,
  // "write GG on it"
  /\bwrite\s+(.+?)\s+on\s+(?:it|the\s+\w+)\b/i,
];
/** What follows a text word but is about the text, not the text itself ("the text bigger"). */
const NOT_LETTERING =
  /^(?:too|more|less|a bit|bigger|smaller|larger|bolder|thinner|thicker|brighter|darker|not|in|on|at|to|from|of|off|size|font|colou?r|red|blue|white|black|gold)\b/i;

function words(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}

export function stripEnds(text: string): string {
  return text
    .trim()
    .replace(/^["“”']+|["“”']+$/g, '')
    .replace(/[\s.,!?;:]+$/g, '')
    .trim();
}

/** "GG" or "LETS GO" typed in capitals: lettering, not a description. */
export function looksLikeLettering(text: string): boolean {
  return /[A-Z]/.test(text) && text === text.toUpperCase() && words(text) <= 4;
}

/** The quoted or explicitly introduced text of a message, with the span it came from. */
export function findText(message: string): { text: string; span: string } | null {
  const quoted = QUOTED.exec(message);
  if (quoted) {
    const text = stripEnds(quoted[1] ?? quoted[2] ?? '');
    if (text) {
      // "add the text "GG"" loses its introduction along with the quote
      const intro = new RegExp(
        String.raw`(?:\b(?:add|put|use|write|with|include|change|set)\s+(?:the\s+|a\s+)?)?${TEXT_NOUN}\s*(?:to\s+|:\s*)?$`,
        'i',
      ).exec(message.slice(0, quoted.index + (quoted[0].startsWith(' ') ? 1 : 0)));
      return { text, span: intro ? `${intro[0]}${quoted[0].trimStart()}` : quoted[0] };
    }
  }
  for (const pattern of TEXT_PATTERNS) {
    const match = pattern.exec(message);
    const raw = match?.[1];
    if (!match || !raw || NOT_LETTERING.test(raw)) {
      continue;
    }
    const text = stripEnds(raw.split(/\s+/).slice(0, 8).join(' '));
    if (text && !NO_ANSWER.test(text)) {
      return { text, span: match[0] };
    }
  }
  return null;
}
