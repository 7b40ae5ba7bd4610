import type { CoachSlot } from './asset-profiles';
import { findBackground } from './background-request';
import { slotOf, type Direction, type Refinement } from './prompt-slots';
import {
  COLOR_NAMES,
  CUSTOM_STYLES,
  MOOD_KEYWORDS,
  STYLE_KEYWORDS,
  lastMatchIndex,
  lastMentioned,
  wholeWordPattern,
} from './style-vocabulary';
import { NO_ANSWER, NO_TEXT, TEXT_WORDS, findText, looksLikeLettering, stripEnds } from './text-request';

/** One message of the streamer's, with the slots the coach had just asked about. */
export interface StreamerMessage {
  content: string;
  answering: readonly CoachSlot[];
}

const CONFIRMATION =
  /^\s*(yes|yep|yeah|yup|ok|okay|sure|perfect|great|awesome|nice|love it|looks good|looks great|sounds good|do it|go|go for it|generate|generate it|ship it|that'?s it|that works|good|all good)\b[\s!.]*$/i;
const HEX = /#(?:[0-9a-f]{6}|[0-9a-f]{3})\b/gi;
const APPEND_COLORS = /\b(add|also|plus|more|some|touch|accents?|highlights?|and keep)\b/i;
const DIRECTIVE =
  /\b(make|add|change|turn|give|put|use|remove|without|more|less|bigger|smaller|larger|instead|replace|swap|move|keep)\b/i;
const REMOVAL =
  /^(?:please\s+)?(?:remove|without|drop|lose|get rid of|no more|no|take off|take away|take out|delete|ditch|minus)\s+(?:the\s+|any\s+|his\s+|her\s+|its\s+|their\s+)?([a-z][a-z -]{1,40})$/i;
const TAKE_OFF = /^(?:please\s+)?take\s+(?:the\s+|his\s+|her\s+|its\s+)?([a-z][a-z -]{1,40}?)\s+(?:off|away|out)$/i;
const INSTEAD = /^(.+?)\s+instead\s+of\s+(.+)$/i;
const SWAP = /^(?:replace|swap)\s+(.+?)\s+(?:with|for)\s+(.+)$/i;
const CHANGE_TO = /^(?:change|turn|switch)\s+(.+?)\s+(?:to|into)\s+(.+)$/i;
const DETAIL =
  /^(?:add|include|put|with|plus|give\s+(?:it|him|her|them|the\s+[a-z]+)|make\s+(?:it|him|her|them)\s+(?:wear|hold|have))\s+(.+)$/i;
const CLAUSE_BREAK = /[,;.!?]+|\s+(?:and|but|then|plus)\s+/i;
const PALETTE_CONTEXT = /\b(colou?rs?|palette|scheme|tones?|theme)\b/i;
/** Words after a colour that keep it a palette colour ("purple accents"), not a thing's colour ("a red hat"). */
const PALETTE_FOLLOWERS = new Set(
  'colors colours color colour palette scheme tones tone theme accents accent highlights highlight shades shade hues hue instead please too overall dominant main base only vibe vibes everywhere with for it'.split(
    ' ',
  ),
);
/** "make the hat red" recolours the hat, not the asset. */
const RECOLOURED_THING =
  /^(?:make|turn|paint|colou?r|change)\s+(?:the|its|his|her|their)\s+(?!palette|colou?rs?|scheme|theme|tones?|whole|background)[a-z]+/i;
const RECOLOURS_SUBJECT = /^(?:make|turn|paint|colou?r)\s+(?:it|him|her|them|everything)\b/i;
/** Words that carry no direction of their own once styles, moods and colours are taken out. */
const FILLER = new Set(
  "a an the it its it's to in with and of more less some bit little lot much very really super kinda also please instead make use go switch change try turn look looks like style styles vibe vibes feel feeling mood colours colors colour color palette tones tone version way should be add accents accent highlights highlight touch shades hues scheme".split(
    ' ',
  ),
);
const SLOT_VOCABULARY = [
  ...Object.values<readonly string[]>(STYLE_KEYWORDS).flat(),
  ...Object.values<readonly string[]>(MOOD_KEYWORDS).flat(),
  ...CUSTOM_STYLES,
  ...Object.keys(COLOR_NAMES),
].sort((a, b) => b.length - a.length);
const LEAD_IN =
  /^(?:please\s+|can you\s+|could you\s+|would you\s+|i(?:'d| would) like(?: it)?(?: to)?\s+|i want(?: it)?(?: to)?\s+|let'?s\s+|maybe\s+|also\s+|and\s+|ok(?:ay)?,?\s+|actually,?\s+|now\s+|oh,?\s+|wait,?\s+|hmm+,?\s+)+/i;
/** Dimensions a direction adjusts; a later direction on the same thing and dimension replaces the earlier. */
const DIMENSIONS: Readonly<Record<string, readonly string[]>> = {
  size: ['bigger', 'larger', 'smaller', 'tinier', 'huge', 'tiny', 'big', 'small', 'enlarge', 'shrink'],
  light: ['brighter', 'darker', 'lighter', 'dimmer', 'bright', 'dark'],
  weight: ['thicker', 'thinner', 'bolder', 'heavier'],
  amount: ['more', 'less', 'fewer', 'extra'],
  position: ['left', 'right', 'higher', 'lower', 'up', 'down', 'centred', 'centered'],
  intensity: ['softer', 'sharper', 'stronger', 'weaker', 'subtler', 'louder', 'calmer'],
};
const COMPARATIVE =
  /\b(?:bigger|larger|smaller|tinier|brighter|darker|lighter|dimmer|thicker|thinner|bolder|heavier|more|less|fewer|extra|softer|sharper|stronger|weaker|subtler)\b/i;
const TRAILING = /\s+(?:back|again|too|as well|on it|to it|please)$/i;

function words(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}

function hexOf(match: string): string {
  const digits = match.slice(1);
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
  return `#${full.toUpperCase()}`;
}

/** Colours a clause names for the palette, in order; "a red hat" names the hat's colour, not the palette's. */
function paletteColors(clause: string, isOpening: boolean): string[] {
  if (RECOLOURED_THING.test(clause)) {
    return [];
  }
  const found: { index: number; hex: string }[] = [...clause.matchAll(HEX)].map((match) => ({
    index: match.index,
    hex: hexOf(match[0]),
  }));
  // colour words in the opening idea describe the subject ("my orange cat") unless it talks palette
  if (!isOpening || PALETTE_CONTEXT.test(clause)) {
    for (const [name, hex] of Object.entries(COLOR_NAMES)) {
      for (const match of clause.matchAll(wholeWordPattern(name))) {
        const next = clause
          .slice(match.index + match[0].length)
          .toLowerCase()
          .split(/[^a-z]+/)
          .find((word) => word && !(word in COLOR_NAMES) && !['and', 'or', 'ish', 'light', 'dark'].includes(word));
        if (next === undefined || PALETTE_FOLLOWERS.has(next)) {
          found.push({ index: match.index, hex });
        }
      }
    }
  }
  found.sort((a, b) => a.index - b.index);
  return [...new Set(found.map((item) => item.hex))];
}

/** Whether a phrase only names styles, moods and colours (already applied as slots). */
function isOnlySlotWords(phrase: string): boolean {
  let rest = ` ${phrase.toLowerCase().replace(HEX, ' ')} `;
  for (const word of SLOT_VOCABULARY) {
    rest = rest.split(` ${word} `).join('  ');
  }
  return rest
    .split(/[^a-z0-9']+/)
    .filter(Boolean)
    .every((word) => FILLER.has(word));
}

/** A follow-up turned into prompt language: "can you make the cat bigger?" → "the cat bigger". */
function toDirection(clause: string): string {
  const direction = stripEnds(clause.replace(LEAD_IN, ''))
    .replace(/^make\s+it\s+/i, '')
    .replace(/^make\s+/i, '')
    .replace(/^(?:add|include|put|give\s+(?:it|him|her|them))\s+/i, '');
  return direction.charAt(0).toLowerCase() + direction.slice(1);
}

export function directionOf(text: string): Direction {
  const tokens = text
    .toLowerCase()
    .split(/[^a-z0-9'-]+/)
    .filter(Boolean);
  const dimension =
    Object.keys(DIMENSIONS).find((name) => tokens.some((token) => DIMENSIONS[name]!.includes(token))) ??
    (tokens.some((token) => token in COLOR_NAMES) ? 'colour' : null);
  const meaningful = tokens.filter((token) => !FILLER.has(token));
  if (!dimension) {
    return { key: meaningful.join(' '), text };
  }
  const ofDimension = (token: string): boolean =>
    dimension === 'colour' ? token in COLOR_NAMES : DIMENSIONS[dimension]!.includes(token);
  const thing = meaningful.filter((token) => !ofDimension(token)).join(' ');
  return { key: `${thing || 'subject'}:${dimension}`, text };
}

function cleanThing(thing: string): string {
  return stripEnds(thing.replace(TRAILING, '').replace(TRAILING, ''));
}

/** The slot refinements of one clause of a follow-up: removals, swaps, background, palette, details. */
function readClause(raw: string, withDetails: boolean): Refinement[] {
  const clause = stripEnds(raw.replace(LEAD_IN, ''));
  if (!clause) {
    return [];
  }
  const background = findBackground(clause);
  if (background) {
    return [{ kind: 'background', background: background.background }];
  }
  const removal = REMOVAL.exec(clause) ?? TAKE_OFF.exec(clause);
  if (removal) {
    const thing = cleanThing(removal[1] ?? '');
    return thing && !TEXT_WORDS.test(thing) && !isOnlySlotWords(thing) ? [{ kind: 'remove', thing }] : [];
  }
  const swap = INSTEAD.exec(clause) ?? SWAP.exec(clause) ?? CHANGE_TO.exec(clause);
  if (swap) {
    const [from, to] = INSTEAD.test(clause) ? [swap[2]!, swap[1]!] : [swap[1]!, swap[2]!];
    const next = cleanThing(toDirection(to));
    if (isOnlySlotWords(from)) {
      // "purple instead of red": only the new side counts
      const colors = paletteColors(to, false);
      return colors.length > 0 ? [{ kind: 'palette', colors, extend: false, recolorsSubject: false }] : [];
    }
    if (!/^(?:it|them|everything|this)$/i.test(from) && next && !isOnlySlotWords(next)) {
      return [{ kind: 'replace', from: cleanThing(from).replace(/^(?:the|a|an|his|her|its)\s+/i, ''), to: next }];
    }
  }
  const refinements: Refinement[] = [];
  const colors = paletteColors(clause, false);
  if (colors.length > 0) {
    refinements.push({
      kind: 'palette',
      colors,
      extend: APPEND_COLORS.test(clause),
      recolorsSubject: RECOLOURS_SUBJECT.test(clause),
    });
  }
  if (!withDetails || isOnlySlotWords(clause)) {
    return refinements;
  }
  const detail = DETAIL.exec(clause);
  const direction = directionOf(cleanThing(detail?.[1] ?? toDirection(clause)));
  // "give it a tiny red hat" adds a hat; "give it bigger eyes" adjusts the eyes
  const adjusts = COMPARATIVE.test(direction.text);
  if (detail && !adjusts) {
    refinements.push({ kind: 'add_detail', thing: direction.text.replace(/^the\s+/i, '') });
  } else if (direction.text) {
    refinements.push({ kind: 'direction', direction });
  }
  return refinements;
}

/** "anime instead of pixel art" names the new style last-mentioned-first; only the new side counts. */
function newSideOnly(text: string): string {
  return text
    .replace(/\binstead\s+of\s+[^,.;!?]*/gi, ' ')
    .replace(/\b(?:replace|swap)\s+(.+?)\s+(?:with|for)\s+/gi, ' ')
    .replace(/\bnot\s+[^,.;!?]*/gi, ' ');
}

/** What one message asks to change, slot by slot, in the order it says it. */
export function readRefinements(message: StreamerMessage, isOpening: boolean): Refinement[] {
  const content = message.content.trim();
  if (!isOpening && CONFIRMATION.test(content) && words(content) <= 4) {
    return [{ kind: 'confirm' }];
  }
  const textFound = findText(content);
  // quoted text must not count as colour or style words ("GOLD RUSH" is text, not a colour)
  const outsideText = (textFound ? content.replace(textFound.span, ' ') : content).replace(
    /\s+(without|minus|but no)\s+/gi,
    ', $1 ',
  );
  const refinements: Refinement[] = [];
  if (NO_TEXT.test(outsideText) || (message.answering.includes('text') && NO_ANSWER.test(content))) {
    refinements.push({ kind: 'text', text: null });
  } else if (textFound) {
    refinements.push({ kind: 'text', text: textFound.text });
  } else if (message.answering.includes('text') && looksLikeLettering(content)) {
    // "GG" or "LETS GO" typed in capitals in reply to the text question is the lettering itself
    refinements.push({ kind: 'text', text: stripEnds(content) });
  }

  const slotText = newSideOnly(outsideText);
  const mood = lastMentioned(slotText.replace(/\b(i )?love (it|this|that)\b/gi, ' '), MOOD_KEYWORDS);
  if (mood) {
    refinements.push({ kind: 'mood', mood });
  }
  const style = lastMentioned(slotText, STYLE_KEYWORDS);
  const customAt = lastMatchIndex(slotText, CUSTOM_STYLES);
  if (style && lastMatchIndex(slotText, STYLE_KEYWORDS[style]) > customAt) {
    refinements.push({ kind: 'style', style });
  } else if (customAt >= 0) {
    const custom = CUSTOM_STYLES.find((name) => lastMatchIndex(slotText, [name]) === customAt);
    refinements.push({ kind: 'custom_style', style: custom ?? '' });
  }

  const shortAnswer = words(content) <= 6;
  // a short reply that gives no direction is only an answer: it adds no details of its own
  const withDetails = !shortAnswer || DIRECTIVE.test(content);
  if (isOpening) {
    // the opening idea is the subject; only its background and an explicit palette are slots
    const background = findBackground(outsideText);
    const colors = paletteColors(outsideText, true);
    refinements.push(
      ...(background ? [{ kind: 'background', background: background.background } as const] : []),
      ...(colors.length > 0 ? [{ kind: 'palette', colors, extend: false, recolorsSubject: false } as const] : []),
    );
    return refinements;
  }
  const clauses = outsideText.split(CLAUSE_BREAK).flatMap((clause) => readClause(clause, withDetails));
  refinements.push(...mergePalettes(clauses));

  // a short reply to a question is the answer, even in words no rule knows
  const answered = new Set(refinements.map(slotOf));
  const open = message.answering.find((slot) => !answered.has(slot));
  if (open && refinements.length === 0 && shortAnswer && !DIRECTIVE.test(content)) {
    const answer = stripEnds(content);
    refinements.push(
      open === 'text'
        ? { kind: 'text', text: answer }
        : open === 'mood'
          ? { kind: 'mood', mood: answer.toLowerCase() }
          : { kind: 'custom_style', style: answer },
    );
  }
  return refinements;
}

/** "use teal and black" is one palette of two colours, even though "and" splits it into clauses. */
function mergePalettes(refinements: readonly Refinement[]): Refinement[] {
  const palettes = refinements.filter((refinement) => refinement.kind === 'palette');
  if (palettes.length < 2) {
    return [...refinements];
  }
  const merged: Refinement = {
    kind: 'palette',
    colors: [...new Set(palettes.flatMap((palette) => palette.colors))],
    extend: palettes.some((palette) => palette.extend),
    recolorsSubject: palettes.some((palette) => palette.recolorsSubject),
  };
  const first = refinements.indexOf(palettes[0]!);
  return refinements.flatMap((refinement, index): Refinement[] => {
    if (refinement.kind !== 'palette') {
      return [refinement];
    }
    return index === first ? [merged] : [];
  });
}
