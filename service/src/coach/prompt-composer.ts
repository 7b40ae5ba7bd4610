import type { StylePreset, CoachGroundingItem } from '@aurastream/contract';
import type { CoachAssetProfile } from './asset-profiles';
import type { ConversationState } from './conversation-analysis';
import type { StoredBrandContext } from './session-record';
import { STYLE_PALETTES, STYLE_PHRASES, TONE_STYLES } from './style-vocabulary';

/** A prompt proposal: what the intent carries, before the generation request is attached. */
export interface PromptProposal {
  refined_prompt: string;
  style_preset: StylePreset | null;
  colors: string[];
  text: string | null;
  mood: string | null;
}

const MOOD_PHRASES: Readonly<Record<string, string>> = {
  hype: 'hyped up, fists raised, bursting with energy',
  laughing: 'laughing so hard there are tears',
  rage: 'furious, gritted teeth and steam',
  love: 'beaming with love, little hearts around',
  sad: 'crying big cartoon tears',
  shocked: 'jaw-dropped shock with huge eyes',
  cozy: 'cosy and relaxed with a soft smile',
  smug: 'smug half-smile with one eyebrow raised',
  scared: 'terrified and trembling',
  confused: 'confused, head tilted, a question mark floating above',
  triumphant: 'triumphant victory pose',
  focused: 'locked-in focus with narrowed eyes',
};

/** Text a format shows when the streamer has not said otherwise. */
function defaultText(profile: CoachAssetProfile, brand: StoredBrandContext | null): string | null {
  switch (profile.type) {
    case 'twitch_banner':
      return brand?.name ?? null;
    case 'twitch_offline':
      return 'OFFLINE';
    case 'twitch_emote':
    case 'twitch_badge':
    case 'youtube_thumbnail':
    case 'overlay':
    case 'story_graphic':
    case 'tiktok_story':
    case 'instagram_story':
    case 'instagram_reel':
    case 'twitch_panel':
      return null;
  }
}

/** The style the brand's tone suggests, if the tone is one we know. */
export function toneStyle(brand: StoredBrandContext | null): StylePreset | null {
  const tone = brand?.tone?.trim().toLowerCase();
  return tone ? (TONE_STYLES[tone] ?? null) : null;
}

export function resolveStyle(
  profile: CoachAssetProfile,
  state: ConversationState,
  brand: StoredBrandContext | null,
): StylePreset | null {
  if (state.style) {
    return state.style;
  }
  if (state.customStyle) {
    return null;
  }
  return toneStyle(brand) ?? profile.defaultStyle;
}

/** Named colours first, then the brand kit's, then the style's own palette. */
export function resolveColors(
  state: ConversationState,
  brand: StoredBrandContext | null,
  style: StylePreset | null,
): string[] {
  if (state.colors.length > 0) {
    return state.colors.slice(0, 5);
  }
  const brandColors = [...(brand?.primary_colors ?? []), ...(brand?.accent_colors ?? [])];
  if (brandColors.length > 0) {
    return [...new Set(brandColors)].slice(0, 4);
  }
  return [...STYLE_PALETTES[style ?? 'minimal_flat']];
}

export function resolveText(
  profile: CoachAssetProfile,
  state: ConversationState,
  brand: StoredBrandContext | null,
): string | null {
  return state.text === undefined ? defaultText(profile, brand) : state.text;
}

function categoryOf(grounding: readonly CoachGroundingItem[]): string | null {
  for (const item of grounding) {
    if (item.source === 'twitch_channel' && item.category_name) {
      return item.category_name;
    }
  }
  return null;
}

/** The generator's limit on `custom_prompt` (POST /generate and /twitch/generate). */
export const GENERATION_PROMPT_MAX = 1000;
/** A follow-up can be long; in the prompt each keeps this many characters. */
const MAX_DETAIL = 160;

/** Cuts a prompt to the generator's limit at a sentence (else word) boundary. */
export function clampPrompt(prompt: string, max = GENERATION_PROMPT_MAX): string {
  if (prompt.length <= max) {
    return prompt;
  }
  const cut = prompt.slice(0, max);
  const sentenceEnd = cut.lastIndexOf('. ');
  if (sentenceEnd > max / 2) {
    return cut.slice(0, sentenceEnd + 1);
  }
  const wordEnd = cut.lastIndexOf(' ', max - 1);
  return `${cut.slice(0, wordEnd > 0 ? wordEnd : max - 1).replace(/[\s,;:]+$/, '')}…`;
}

/** "a hype cat with sunglasses" + ["a tiny crown"] → "a hype cat with sunglasses and a tiny crown". */
function subjectWithDetails(state: ConversationState): string {
  const details = state.details.map((detail) =>
    detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail,
  );
  if (details.length === 0) {
    return state.subject;
  }
  const list = details.length === 1 ? details[0]! : `${details.slice(0, -1).join(', ')} and ${details.at(-1)!}`;
  // the subject's own "with …" phrase runs on: "with sunglasses and a tiny crown"
  return /\bwith\s+[^,;]+$/i.test(state.subject) ? `${state.subject} and ${list}` : `${state.subject} with ${list}`;
}

function backgroundSentence(profile: CoachAssetProfile, state: ConversationState): string {
  const background = state.background;
  if (background === null) {
    return sentence(profile.background);
  }
  if (background.kind === 'empty') {
    // formats seen full-frame need a background even when the streamer wants "none"
    return profile.background.includes('transparent') ? 'Transparent background.' : 'Plain, empty background.';
  }
  return sentence(
    /\b(?:background|backdrop)\b/i.test(background.description)
      ? background.description
      : `Background: ${background.description}`,
  );
}

/** The format's avoid list, less what the streamer asked for (a badge with text no longer avoids text). */
function avoidList(profile: CoachAssetProfile, state: ConversationState, text: string | null): string[] {
  const fromFormat = profile.avoid.filter((item) => !(text && item === 'text'));
  return [...state.avoid, ...fromFormat].slice(0, 6);
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.\s]+$/, '');
  return trimmed ? `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.` : '';
}

/** Writes the generation prompt from the conversation, the format's rules and the brand. */
export function composePrompt(
  profile: CoachAssetProfile,
  state: ConversationState,
  brand: StoredBrandContext | null,
  grounding: readonly CoachGroundingItem[],
): PromptProposal {
  const style = resolveStyle(profile, state, brand);
  const colors = resolveColors(state, brand, style);
  const text = resolveText(profile, state, brand);
  const mood = state.mood;
  const moodPhrase = mood ? (MOOD_PHRASES[mood] ?? mood) : null;
  const category = categoryOf(grounding);
  const mentionsCategory = category ? state.subject.toLowerCase().includes(category.toLowerCase()) : true;
  const font = brand?.fonts?.headline;

  // in prompt order; `drop` ranks what goes first when the prompt is over the generator's limit
  const parts: { text: string; drop: number }[] = [
    { text: sentence(profile.label), drop: 0 },
    { text: sentence(`Subject: ${subjectWithDetails(state)}${moodPhrase ? `, ${moodPhrase}` : ''}`), drop: 0 },
    { text: sentence(profile.composition), drop: 3 },
    {
      text: sentence(`Style: ${style ? STYLE_PHRASES[style] : `${state.customStyle ?? 'clean illustration'} style`}`),
      drop: 0,
    },
    {
      text: sentence(`Palette: ${colors.join(', ')}${colors.length > 1 ? `, with ${colors[0]} dominant` : ''}`),
      drop: 0,
    },
    {
      text: text
        ? sentence(`Text: "${text}" in ${font ? `${font}-style` : 'bold'} lettering, large and highly legible`)
        : 'No text.',
      drop: 0,
    },
    ...state.directions.slice(-4).map(({ text: direction }, index, recent) => ({
      text: sentence(direction.length > MAX_DETAIL ? `${direction.slice(0, MAX_DETAIL)}…` : direction),
      // the oldest details go first
      drop: 2 + (recent.length - index) / 10,
    })),
    { text: category && !mentionsCategory ? sentence(`Themed for a ${category} channel`) : '', drop: 4 },
    { text: backgroundSentence(profile, state), drop: 1 },
    { text: sentence(`Avoid: ${avoidList(profile, state, text).join(', ')}`), drop: 5 },
  ];
  const kept = parts.filter((part) => part.text);
  while (kept.map((part) => part.text).join(' ').length > GENERATION_PROMPT_MAX) {
    const droppable = kept.filter((part) => part.drop > 0);
    if (droppable.length === 0) {
      break;
    }
    const first = droppable.reduce((most, part) => (part.drop > most.drop ? part : most));
    kept.splice(kept.indexOf(first), 1);
  }
  return {
    refined_prompt: clampPrompt(kept.map((part) => part.text).join(' ')),
    style_preset: style,
    colors,
    text,
    mood,
  };
}
