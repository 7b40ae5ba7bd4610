import type { StylePreset } from '@aurastream/contract';

/** Words streamers use for each style preset, matched as whole words (latest mention wins). */
export const STYLE_KEYWORDS: Readonly<Record<StylePreset, readonly string[]>> = {
  chibi: ['chibi', 'super deformed', 'big head'],
  pixel_art: ['pixel art', 'pixel style', 'pixelated', '8-bit', '8 bit', '16-bit', '16 bit', 'sprite'],
  kawaii: ['kawaii', 'cute', 'adorable', 'pastel'],
  '3d': ['3d', 'three d', 'render', 'rendered', 'clay', 'claymation', 'blender', 'pixar'],
  anime: ['anime', 'manga', 'cel shaded', 'cel-shaded'],
  meme: ['meme', 'memey', 'shitpost', 'derp', 'derpy'],
  minimal_flat: ['minimal', 'minimalist', 'flat', 'flat design', 'vector'],
  neon: ['neon', 'cyberpunk', 'synthwave', 'vaporwave'],
  retro: ['retro', 'vintage', '80s', '90s', 'arcade', 'vhs', 'old school'],
  bold_esports: ['esports', 'e-sports', 'esports mascot', 'aggressive', 'competitive'],
};

/** Styles no preset covers, kept in the streamer's words ("make it watercolour"). */
export const CUSTOM_STYLES: readonly string[] = [
  'watercolour',
  'watercolor',
  'oil painting',
  'pencil sketch',
  'sketch',
  'comic book',
  'comic',
  'cartoon',
  'cartoony',
  'photorealistic',
  'realistic',
  'low poly',
  'graffiti',
  'line art',
  'paper cut',
  'stained glass',
  'pop art',
  'ukiyo-e',
];

/** How each preset is said in a prompt. */
export const STYLE_PHRASES: Readonly<Record<StylePreset, string>> = {
  chibi: 'chibi, with an oversized head, small body and glossy highlights',
  pixel_art: 'crisp pixel art on a limited palette, hard pixel edges, no anti-aliasing',
  kawaii: 'kawaii, with soft rounded shapes, blush cheeks and sparkly eyes',
  '3d': 'stylised 3D render with soft studio lighting and a subtle rim light',
  anime: 'anime cel-shading with clean line art and expressive eyes',
  meme: 'meme art: exaggerated, punchy and instantly readable',
  minimal_flat: 'minimal flat vector with solid shapes, no gradients and generous spacing',
  neon: 'neon glow on a dark base, cyberpunk lighting',
  retro: 'retro 80s arcade look with halftone shading and warm grain',
  bold_esports: 'bold esports mascot art with sharp angles, heavy outlines and a dynamic pose',
};

/** Palettes for when neither the streamer nor a brand kit names colours. */
export const STYLE_PALETTES: Readonly<Record<StylePreset, readonly string[]>> = {
  chibi: ['#FF8FAB', '#FFD166', '#4D96FF'],
  pixel_art: ['#29ADFF', '#FF004D', '#FFEC27', '#1D2B53'],
  kawaii: ['#FFB5E8', '#B28DFF', '#AFF8DB'],
  '3d': ['#FF7A00', '#2D9CDB', '#F2F2F2'],
  anime: ['#FF5A5F', '#3A86FF', '#FFFFFF'],
  meme: ['#FFE600', '#000000', '#FFFFFF'],
  minimal_flat: ['#9146FF', '#FFFFFF', '#18181B'],
  neon: ['#00F0FF', '#FF00C8', '#0B0B1A'],
  retro: ['#FF6B35', '#F7C548', '#2E1F47'],
  bold_esports: ['#E63946', '#F1FAEE', '#1D3557'],
};

/** Brand tones (the brand kit's `tone`) and the style that suits them. */
export const TONE_STYLES: Readonly<Record<string, StylePreset>> = {
  competitive: 'bold_esports',
  professional: 'minimal_flat',
  educational: 'minimal_flat',
  casual: 'chibi',
  comedic: 'meme',
  funny: 'meme',
  friendly: 'kawaii',
  cozy: 'kawaii',
  wholesome: 'kawaii',
  edgy: 'neon',
  hype: 'neon',
  nostalgic: 'retro',
};

/** Colour words streamers type, as hex. */
export const COLOR_NAMES: Readonly<Record<string, string>> = {
  red: '#E53935',
  crimson: '#B0142C',
  orange: '#FB8C00',
  yellow: '#FDD835',
  gold: '#FFC629',
  golden: '#FFC629',
  lime: '#A6E22E',
  green: '#43A047',
  mint: '#7CF2C3',
  teal: '#00897B',
  cyan: '#00E5FF',
  turquoise: '#1DE9B6',
  blue: '#1E88E5',
  navy: '#1A237E',
  purple: '#9146FF',
  violet: '#7F39FB',
  lavender: '#B39DDB',
  magenta: '#E040FB',
  pink: '#FF4F9A',
  black: '#111111',
  white: '#FFFFFF',
  grey: '#9E9E9E',
  gray: '#9E9E9E',
  silver: '#C0C0C0',
  brown: '#795548',
  beige: '#E8D8B0',
};

/** Emotions and energies, with the words that signal them. */
export const MOOD_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  hype: ['hype', 'hyped', 'excited', 'pumped', 'lets go', "let's go", 'celebrating', 'celebration', 'cheering'],
  laughing: ['laughing', 'laugh', 'lol', 'lmao', 'funny', 'crying laughing'],
  rage: ['rage', 'raging', 'angry', 'mad', 'furious', 'tilted', 'salty'],
  love: ['love', 'heart', 'hearts', 'loving', 'wholesome', 'hug'],
  sad: ['sad', 'crying', 'tears', 'sob', 'depressed', 'rip'],
  shocked: ['shocked', 'shock', 'surprised', 'pog', 'poggers', 'omg', 'disbelief', 'stunned'],
  cozy: ['cozy', 'comfy', 'chill', 'relaxed', 'calm', 'sleepy'],
  smug: ['smug', 'confident', 'cocky'],
  scared: ['scared', 'afraid', 'fear', 'spooked', 'horror'],
  confused: ['confused', 'thinking', 'hmm', 'huh'],
  triumphant: ['victory', 'win', 'winning', 'triumph', 'triumphant', 'champion', 'clutch'],
  focused: ['focused', 'serious', 'locked in', 'tryhard', 'sweaty'],
};

const escapeRegExp = (phrase: string) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const phrasePatterns = new Map<string, RegExp>();

/** A whole-word, case-insensitive pattern for `phrase`, compiled once. */
export function wholeWordPattern(phrase: string): RegExp {
  let pattern = phrasePatterns.get(phrase);
  if (!pattern) {
    pattern = new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(phrase)}(?=$|[^a-z0-9])`, 'gi');
    phrasePatterns.set(phrase, pattern);
  }
  return pattern;
}

const anyPhrasePatterns = new WeakMap<readonly string[], RegExp>();

/**
 * One pattern finding every position where any of `phrases` starts as a whole word (a lookahead,
 * so a phrase inside another's match is found too), compiled once per list: one pass over the text
 * rather than one per phrase (the coach reads every viewer idea with these lists).
 */
function anyPhrasePattern(phrases: readonly string[]): RegExp {
  let pattern = anyPhrasePatterns.get(phrases);
  if (!pattern) {
    const alternatives = phrases.map(escapeRegExp).join('|');
    pattern = new RegExp(`(?<![a-z0-9])(?=(?:${alternatives})(?![a-z0-9]))`, 'gi');
    anyPhrasePatterns.set(phrases, pattern);
  }
  return pattern;
}

/**
 * Whole-word, case-insensitive search for any of `phrases`; returns the last match's position: that
 * of the character before it (where `wholeWordPattern`'s match starts), or 0 at the text's start.
 */
export function lastMatchIndex(text: string, phrases: readonly string[]): number {
  if (phrases.length === 0) {
    return -1;
  }
  let last = -1;
  for (const match of text.matchAll(anyPhrasePattern(phrases))) {
    last = match.index;
  }
  return last <= 0 ? last : last - 1;
}

/** The key of `vocabulary` mentioned last in `text`, if any. */
export function lastMentioned<K extends string>(
  text: string,
  vocabulary: Readonly<Record<K, readonly string[]>>,
): K | null {
  let best: K | null = null;
  let bestIndex = -1;
  for (const key of Object.keys(vocabulary) as K[]) {
    const index = lastMatchIndex(text, vocabulary[key]);
    if (index > bestIndex) {
      best = key;
      bestIndex = index;
    }
  }
  return best;
}
