import type { StylePreset } from '@aurastream/contract';
import type { CoachSlot } from './asset-profiles';
import { COLOR_NAMES, MOOD_KEYWORDS, STYLE_KEYWORDS, wholeWordPattern } from './style-vocabulary';

/** The background the streamer asked for: none at all, or described in their words. */
export type BackgroundSlot = { kind: 'empty' } | { kind: 'described'; description: string };

/** An adjustment that is no slot of its own ("the eyes bigger"); a later one with the same key replaces it. */
export interface Direction {
  /** What it adjusts and along which dimension, e.g. `eyes:size`. */
  key: string;
  text: string;
}

/**
 * The prompt as structured slots. Every refinement of the streamer's overwrites the slot it is about,
 * so the prompt written from the slots never says one thing and its opposite.
 */
export interface PromptSlots {
  /** The subject, from the opening description (words a later refinement contradicts are taken out). */
  subject: string;
  /** Things the subject has, wears or holds, added in follow-ups ("a tiny crown"). */
  details: string[];
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
  /** The streamer's background; null keeps the format's own. */
  background: BackgroundSlot | null;
  /** Other direction from follow-ups ("the eyes bigger"). */
  directions: Direction[];
  /** Things to leave out ("sunglasses"). */
  avoid: string[];
  /** Slots the streamer answered (even with something no rule recognised). */
  answered: Set<CoachSlot>;
  /** The streamer accepted the proposal ("looks good", "generate"). */
  confirmed: boolean;
}

/** One change a message asks for, applied to the slot it is about. */
export type Refinement =
  | { kind: 'text'; text: string | null }
  | { kind: 'mood'; mood: string }
  | { kind: 'style'; style: StylePreset }
  | { kind: 'custom_style'; style: string }
  | { kind: 'palette'; colors: string[]; extend: boolean; recolorsSubject: boolean }
  | { kind: 'background'; background: BackgroundSlot }
  | { kind: 'add_detail'; thing: string }
  | { kind: 'remove'; thing: string }
  | { kind: 'replace'; from: string; to: string }
  | { kind: 'direction'; direction: Direction }
  | { kind: 'confirm' };

const MAX_DETAILS = 4;
const MAX_DIRECTIONS = 6;
const MAX_AVOID = 6;
const ARTICLES = /^(?:a|an|the|some|any|his|her|its|their|my)\s+/i;

export function emptySlots(subject: string): PromptSlots {
  return {
    subject,
    details: [],
    mood: null,
    text: undefined,
    style: null,
    customStyle: null,
    colors: [],
    background: null,
    directions: [],
    avoid: [],
    answered: new Set(),
    confirmed: false,
  };
}

/** "the tiny crowns" → "crown": the word a thing is matched by. */
export function headNoun(thing: string): string {
  const last = thing.toLowerCase().replace(ARTICLES, '').trim().split(/\s+/).at(-1) ?? '';
  const word = last.replace(/[^a-z0-9-]/g, '');
  if (/(?:s|x|z|ch|sh)es$/.test(word)) {
    return word.slice(0, -2);
  }
  return /[^s]s$/.test(word) ? word.slice(0, -1) : word;
}

function mentions(text: string, thing: string): boolean {
  const head = headNoun(thing);
  if (!head) {
    return false;
  }
  return text
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .some((word) => word === head || word === `${head}s` || word === `${head}es`);
}

/** Tidies a subject after words were taken out: spaces, dangling commas, "a" before a vowel. */
function tidy(subject: string): string {
  return subject
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([,.;])/g, '$1')
    .replace(/^[\s,;]+|[\s,;]+$/g, '')
    .replace(/\b([Aa])\s+(?=[aeiou])/g, '$1n ');
}

function withoutPhrases(subject: string, phrases: readonly string[]): string {
  let result = subject;
  for (const phrase of phrases) {
    result = result.replace(wholeWordPattern(phrase), (match) => (/^[^a-z0-9]/i.test(match) ? match.charAt(0) : ''));
  }
  const cleaned = tidy(result);
  // never leave the subject empty: a bare "hype" stays as it was
  return cleaned ? cleaned : subject;
}

/** Takes "with/wearing/holding … <thing>" (or the bare thing) out of the subject. */
function withoutThing(subject: string, thing: string): string {
  const head = headNoun(thing);
  if (!head) {
    return subject;
  }
  const linked = new RegExp(
    `[\\s,]*\\b(?:and\\s+)?(?:with|wearing|holding|in)\\s+(?:[a-z'-]+\\s+){0,3}?${head}(?:e?s)?\\b`,
    'i',
  );
  if (linked.test(subject)) {
    return tidy(subject.replace(linked, ''));
  }
  return withoutPhrases(subject, [thing.replace(ARTICLES, ''), head]);
}

function removeThing(slots: PromptSlots, thing: string): void {
  slots.details = slots.details.filter((detail) => !mentions(detail, thing));
  slots.directions = slots.directions.filter((direction) => !mentions(direction.text, thing));
  slots.subject = withoutThing(slots.subject, thing);
  const plain = thing.replace(ARTICLES, '').trim();
  if (plain && !slots.avoid.some((item) => headNoun(item) === headNoun(plain))) {
    slots.avoid = [...slots.avoid, plain].slice(-MAX_AVOID);
  }
}

function addDetail(slots: PromptSlots, thing: string): void {
  slots.avoid = slots.avoid.filter((item) => headNoun(item) !== headNoun(thing));
  // a new crown replaces the old crown
  slots.details = [...slots.details.filter((detail) => headNoun(detail) !== headNoun(thing)), thing].slice(
    -MAX_DETAILS,
  );
}

const TEXT_KEYS = /^(?:text|lettering|words?|caption|title|font|letters)\b/;

/** The question a refinement answers, if it answers one. */
export function slotOf(refinement: Refinement): CoachSlot | null {
  switch (refinement.kind) {
    case 'text':
      return 'text';
    case 'mood':
      return 'mood';
    case 'style':
    case 'custom_style':
      return 'style';
    case 'palette':
    case 'background':
    case 'add_detail':
    case 'remove':
    case 'replace':
    case 'direction':
    case 'confirm':
      return null;
  }
}

/** Applies one refinement, overwriting whatever it contradicts. */
export function applyRefinement(slots: PromptSlots, refinement: Refinement): void {
  const answers = slotOf(refinement);
  if (answers) {
    slots.answered.add(answers);
  }
  switch (refinement.kind) {
    case 'text':
      slots.text = refinement.text;
      if (refinement.text === null) {
        slots.directions = slots.directions.filter((direction) => !TEXT_KEYS.test(direction.key));
      }
      return;
    case 'mood':
      if (slots.mood && slots.mood !== refinement.mood) {
        slots.subject = withoutPhrases(slots.subject, MOOD_KEYWORDS[slots.mood] ?? [slots.mood]);
      }
      slots.mood = refinement.mood;
      return;
    case 'style':
      slots.subject = withoutPhrases(slots.subject, [
        ...Object.entries(STYLE_KEYWORDS)
          .filter(([style]) => style !== refinement.style)
          .flatMap(([, words]) => words),
        ...(slots.customStyle ? [slots.customStyle] : []),
      ]);
      slots.style = refinement.style;
      slots.customStyle = null;
      return;
    case 'custom_style':
      slots.subject = withoutPhrases(slots.subject, [
        ...(slots.style ? STYLE_KEYWORDS[slots.style] : []),
        ...(slots.customStyle ? [slots.customStyle] : []),
      ]);
      slots.style = null;
      slots.customStyle = refinement.style;
      return;
    case 'palette':
      slots.colors = refinement.extend ? [...new Set([...slots.colors, ...refinement.colors])] : refinement.colors;
      if (refinement.recolorsSubject) {
        // "make it purple": the subject is no longer "my orange cat"
        slots.subject = withoutPhrases(slots.subject, Object.keys(COLOR_NAMES));
      }
      return;
    case 'background':
      slots.background = refinement.background;
      return;
    case 'add_detail':
      addDetail(slots, refinement.thing);
      return;
    case 'remove':
      if (slots.text && slots.text.toLowerCase() === refinement.thing.replace(ARTICLES, '').toLowerCase()) {
        slots.text = null;
        return;
      }
      removeThing(slots, refinement.thing);
      return;
    case 'replace':
      removeThing(slots, refinement.from);
      addDetail(slots, refinement.to);
      return;
    case 'direction':
      slots.directions = [
        ...slots.directions.filter((direction) => direction.key !== refinement.direction.key),
        refinement.direction,
      ].slice(-MAX_DIRECTIONS);
      slots.avoid = slots.avoid.filter((item) => !mentions(refinement.direction.text, item));
      return;
    case 'confirm':
      slots.confirmed = true;
      return;
  }
}
