/**
 * How a viewer's idea text is cleaned before it is checked and stored. Here, in the contract, so the
 * panel and the bot count characters the way the service does.
 */

/** An idea holds at least this many characters after cleaning… */
export const IDEA_TEXT_MIN_LENGTH = 1;
/** …and at most this many (Unicode code points). */
export const IDEA_TEXT_MAX_LENGTH = 200;
/** Longest text accepted before cleaning (a pasted wall of links is refused rather than cleaned). */
export const IDEA_TEXT_MAX_INPUT_LENGTH = 1000;

// links: a scheme, `www.`, or a bare domain with a common top-level domain and an optional path
const LINK_PATTERN =
  /\b(?:[a-z][a-z0-9+.-]*:\/\/\S+|www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|tv|gg|co|me|ly|be|xyz|app|dev|info|link|live|shop|site|online|ru|de|uk|fr|us)(?:\/\S*)?)/giu;
// zero-width and direction-changing characters, the byte-order mark, the soft hyphen
const INVISIBLE_PATTERN = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;
// control characters (line breaks included: an idea is one line)
const CONTROL_PATTERN = /\p{Cc}/gu;

/** The text as stored: links, control and invisible characters removed, spaces collapsed, trimmed. */
export function cleanIdeaText(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE_PATTERN, '')
    .replace(CONTROL_PATTERN, ' ')
    .replace(LINK_PATTERN, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Length as a person counts it (code points, so an emoji is one). */
export function ideaTextLength(text: string): number {
  return [...text].length;
}
