import type { StylePreset, CoachAssetType, CoachGenerationRequest } from '@aurastream/contract';

/** What the coach may need to ask for before a prompt is generation-ready. */
export type CoachSlot = 'mood' | 'text' | 'style';

/** Everything the coach knows about making one asset type well. */
export interface CoachAssetProfile {
  type: CoachAssetType;
  /** How streamers call it, e.g. "Twitch emote". */
  label: string;
  /** Size the prompt is written for (the largest size the platform wants). */
  dimensions: { width: number; height: number };
  /** Where the generator makes it: the spec's generic or Twitch endpoint and type. */
  generation: Omit<CoachGenerationRequest, 'method' | 'body'> & {
    asset_type: CoachGenerationRequest['body']['asset_type'];
  };
  /** Slots the coach asks about when the streamer left them open. */
  required: readonly CoachSlot[];
  /** The question per slot, in this asset type's terms. */
  questions: Readonly<Partial<Record<CoachSlot, string>>>;
  /** Style when neither the streamer nor the brand tone picks one. */
  defaultStyle: StylePreset;
  /** Words of rendered text that still read at the size it is seen; 0 means no text. */
  maxTextWords: number;
  /** The layout clause of the prompt. */
  composition: string;
  /** The background clause of the prompt. */
  background: string;
  /** What the generator should stay away from. */
  avoid: readonly string[];
  /** One sentence the coach says about the format's main constraint. */
  constraint: string;
}

const verticalNote =
  'The generator has no 9:16 format yet: this renders a 1280x720 image of the same brief with subject and text kept in the centre, so a centre crop to 1080x1920 keeps what matters.';

const verticalBase = {
  dimensions: { width: 1080, height: 1920 },
  generation: {
    path: '/api/v1/generate',
    asset_type: 'youtube_thumbnail',
    format_match: 'closest',
    note: verticalNote,
  },
  required: ['text'],
  defaultStyle: 'bold_esports',
  maxTextWords: 7,
  background: 'a bold, simple background that keeps the centre column readable',
  avoid: ['text near the top and bottom edges', 'small text', 'more than one focal subject'],
} as const satisfies Partial<CoachAssetProfile>;

export const COACH_ASSET_PROFILES: Readonly<Record<CoachAssetType, CoachAssetProfile>> = {
  twitch_emote: {
    type: 'twitch_emote',
    label: 'Twitch emote',
    dimensions: { width: 112, height: 112 },
    generation: { path: '/api/v1/generate', asset_type: 'twitch_emote', format_match: 'exact', note: null },
    required: ['mood', 'text'],
    questions: {
      mood: 'What emotion should it show: hype, laughing, rage, love, sad, pog, GG?',
      text: 'Any word on it? At 28 px only one very short word (GG, W, L) stays readable, so I would leave text off unless the word is the joke.',
    },
    defaultStyle: 'chibi',
    maxTextWords: 1,
    composition:
      'one character or object as a head-and-shoulders close-up filling the frame, one clear exaggerated expression, thick clean outlines and big simple shapes that still read at 28 px, centred with a little padding',
    background: 'transparent background',
    avoid: ['fine detail', 'thin lines', 'small text', 'busy background', 'colours that vanish on dark or light chat'],
    constraint: 'Emotes are seen at 28 px in chat, so one big shape and one emotion beat detail.',
  },
  twitch_badge: {
    type: 'twitch_badge',
    label: 'Twitch sub badge',
    dimensions: { width: 72, height: 72 },
    generation: { path: '/api/v1/generate', asset_type: 'twitch_badge', format_match: 'exact', note: null },
    required: ['style'],
    questions: {
      style: 'Which look should the badge have: minimal flat icon, pixel art, neon, or the style of your emotes?',
    },
    defaultStyle: 'minimal_flat',
    maxTextWords: 0,
    composition:
      'a single bold symbol with a strong silhouette, centred and filling most of the square, thick outline, at most three colours so it reads at 18 px',
    background: 'transparent background',
    avoid: ['text', 'thin strokes', 'soft gradients', 'tiny details'],
    constraint: 'Sub badges sit at 18 px next to chatter names, so the silhouette has to carry it.',
  },
  youtube_thumbnail: {
    type: 'youtube_thumbnail',
    label: 'YouTube thumbnail',
    dimensions: { width: 1280, height: 720 },
    generation: { path: '/api/v1/generate', asset_type: 'youtube_thumbnail', format_match: 'exact', note: null },
    required: ['text', 'mood'],
    questions: {
      text: "What's the headline on it? Four words or fewer, it has to read on a phone.",
      mood: "What's the reaction on the face: shock, triumph, rage, laughing, disbelief?",
    },
    defaultStyle: 'bold_esports',
    maxTextWords: 4,
    composition:
      '16:9, one focal subject large on one side with an exaggerated expression, the headline big on the other side, strong contrast and clear separation between subject and background, bottom-right corner left free for the video length badge',
    background: 'a simple, high-contrast background that pushes the subject forward',
    avoid: ['more than three elements', 'small text', 'clutter', 'anything important in the bottom-right corner'],
    constraint: 'Thumbnails are judged at phone size in a split second: one subject, one emotion, four words at most.',
  },
  twitch_banner: {
    type: 'twitch_banner',
    label: 'Twitch profile banner',
    dimensions: { width: 1200, height: 480 },
    generation: { path: '/api/v1/generate', asset_type: 'twitch_banner', format_match: 'exact', note: null },
    required: ['text', 'style'],
    questions: {
      text: 'What should the banner say: your channel name, plus maybe a short tagline or your schedule?',
      style: 'Which look fits your channel: neon, retro, anime, minimal flat, bold esports?',
    },
    defaultStyle: 'neon',
    maxTextWords: 8,
    composition:
      'wide 1200x480 layout, channel name large and centred, key art around it, everything important inside the centre band because the edges are cropped on narrow screens',
    background: 'a full-bleed background that carries the brand palette edge to edge',
    avoid: ['important details near the edges', 'tiny text', 'more than two fonts'],
    constraint: 'The banner is cropped differently on every screen width, so the name lives in the middle.',
  },
  overlay: {
    type: 'overlay',
    label: 'stream overlay',
    dimensions: { width: 1920, height: 1080 },
    generation: { path: '/api/v1/generate', asset_type: 'overlay', format_match: 'exact', note: null },
    required: ['style'],
    questions: {
      style: 'Which look should it have: clean minimal, neon, retro, bold esports?',
    },
    defaultStyle: 'minimal_flat',
    maxTextWords: 4,
    composition:
      '1920x1080 stream overlay: a webcam frame in one corner and slim branded bars along the edges, the centre of the screen left completely clear for gameplay',
    background: 'transparent background everywhere except the frames',
    avoid: [
      'covering the centre of the screen',
      'covering game HUD corners (minimap, health, kill feed)',
      'heavy opaque panels',
    ],
    constraint: 'An overlay frames the game; the middle of the screen belongs to gameplay.',
  },
  story_graphic: {
    ...verticalBase,
    type: 'story_graphic',
    label: 'story graphic',
    questions: { text: 'What is the one line it should say: LIVE NOW, the game, a start time?' },
    composition:
      '9:16 vertical, subject and headline stacked in the centre, generous empty margins at the top and bottom for the app interface',
    constraint: 'Stories are 9:16 and apps cover the top and bottom, so everything that matters sits in the middle.',
  },
  tiktok_story: {
    ...verticalBase,
    type: 'tiktok_story',
    label: 'TikTok story',
    questions: { text: 'What is the hook line? TikTok viewers decide in a second, so five words or fewer is ideal.' },
    composition:
      "9:16 vertical, subject and hook text in the centre-left, the right-hand edge kept clear for TikTok's buttons and the bottom fifth clear for the caption",
    constraint: "TikTok's buttons run down the right edge and the caption covers the bottom, so keep text centre-left.",
  },
  instagram_story: {
    ...verticalBase,
    type: 'instagram_story',
    label: 'Instagram story',
    questions: { text: 'What should it say: LIVE NOW with the game, a start time, or a question for your followers?' },
    composition:
      '9:16 vertical, subject and text in the centre, roughly the top and bottom 250 px kept free for the profile bar and the reply field',
    constraint: 'Instagram lays its profile bar over the top and the reply field over the bottom of a story.',
  },
  instagram_reel: {
    ...verticalBase,
    type: 'instagram_reel',
    label: 'Instagram reel cover',
    questions: { text: 'What title goes on the cover? Keep it short enough to read in the profile grid.' },
    composition:
      '9:16 vertical reel cover, title and subject inside the centre 3:4 area because the profile grid crops the top and bottom',
    constraint: 'The profile grid shows only the centre of a reel cover, so the title must sit in the middle.',
  },
  twitch_panel: {
    type: 'twitch_panel',
    label: 'Twitch panel',
    dimensions: { width: 320, height: 100 },
    generation: { path: '/api/v1/twitch/generate', asset_type: 'panel', format_match: 'exact', note: null },
    required: ['text'],
    questions: { text: "What's the panel's label: ABOUT, SCHEDULE, RULES, DISCORD, DONATE?" },
    defaultStyle: 'minimal_flat',
    maxTextWords: 2,
    composition:
      '320x100 panel header, the label in bold capitals centred, a small matching icon on one side, the same margins and font as the rest of the panel set',
    background: 'a solid or gently textured plate in a brand colour',
    avoid: ['long text', 'thin fonts', 'busy backgrounds'],
    constraint: 'Panels are only 320 px wide: one bold label and a small icon, made as a matching set.',
  },
  twitch_offline: {
    type: 'twitch_offline',
    label: 'Twitch offline screen',
    dimensions: { width: 1920, height: 1080 },
    generation: { path: '/api/v1/twitch/generate', asset_type: 'offline_screen', format_match: 'exact', note: null },
    required: ['text'],
    questions: { text: 'What should it tell viewers: Offline, your next stream time with time zone, your socials?' },
    defaultStyle: 'minimal_flat',
    maxTextWords: 12,
    composition:
      '1920x1080 offline screen, the offline message large and centred, next stream time and socials smaller beneath it, a calm version of the brand look',
    background: 'a calm background in the brand palette with soft depth',
    avoid: ['text near the edges', 'tiny text', 'flashy busy art that competes with the message'],
    constraint: "The offline screen is your channel's shop window between streams: say when you are back.",
  },
};

export function profileOf(type: CoachAssetType): CoachAssetProfile {
  return COACH_ASSET_PROFILES[type];
}
