import type { TwitchAssetType } from '@aurastream/contract';

/**
 * Turns a streamer's prompt into the words and ideas the built-in renderer draws: an emote's word,
 * a scene's headline, the symbol or mood to show.
 */

/** A symbol the renderer can draw. */
export type SymbolKind =
  'heart' | 'star' | 'bolt' | 'crown' | 'flame' | 'gem' | 'controller' | 'coffee' | 'paw' | 'note' | 'moon' | 'trophy';

/** A mascot's expression. */
export type Mood = 'happy' | 'laugh' | 'love' | 'sad' | 'angry' | 'shock' | 'cool' | 'sleepy' | 'hype' | 'wink';

export const SYMBOLS: readonly SymbolKind[] = [
  'heart',
  'star',
  'bolt',
  'crown',
  'flame',
  'gem',
  'controller',
  'coffee',
  'paw',
  'note',
  'moon',
  'trophy',
];
export const MOODS: readonly Mood[] = [
  'happy',
  'laugh',
  'love',
  'sad',
  'angry',
  'shock',
  'cool',
  'sleepy',
  'hype',
  'wink',
];

const SYMBOL_WORDS: readonly [RegExp, SymbolKind][] = [
  [/\b(heart|love|luv|<3|valentine)/i, 'heart'],
  [/\b(star|shine|sparkl|superstar)/i, 'star'],
  [/\b(bolt|lightning|energy|zap|power|electric|fast)/i, 'bolt'],
  [/\b(crown|king|queen|royal|vip|mod)/i, 'crown'],
  [/\b(fire|flame|lit|burn|hot|spicy)/i, 'flame'],
  [/\b(gem|diamond|crystal|jewel|bits|cheer)/i, 'gem'],
  [/\b(controller|gamepad|gaming|gamer|game)/i, 'controller'],
  [/\b(coffee|tea|cozy|mug|cafe|comfy)/i, 'coffee'],
  [/\b(paw|cat|dog|kitty|puppy|fox|wolf|pet)/i, 'paw'],
  [/\b(music|song|dj|beat|sing|vibe)/i, 'note'],
  [/\b(moon|night|sleep|dream|late)/i, 'moon'],
  [/\b(trophy|win|winner|champion|victory|gg|clutch)/i, 'trophy'],
];

const MOOD_WORDS: readonly [RegExp, Mood][] = [
  [/\b(lol|lul|laugh|lmao|haha|kek|funny|rofl)/i, 'laugh'],
  [/\b(love|heart|cute|uwu|aww|adore)/i, 'love'],
  [/\b(sad|cry|tear|rip|f\b|sob|pain)/i, 'sad'],
  [/\b(rage|angry|mad|tilt|salty|grr)/i, 'angry'],
  [/\b(pog|wow|omg|shock|surpris|wtf|what)/i, 'shock'],
  [/\b(cool|ez|chill|sunglass|swag|smug)/i, 'cool'],
  [/\b(sleep|tired|zzz|bed|yawn|gn\b)/i, 'sleepy'],
  [/\b(hype|lets ?go|let's go|poggers|excit|party|yay)/i, 'hype'],
  [/\b(wink|flirt|sly|hehe)/i, 'wink'],
  [/\b(happy|smile|hi\b|hello|wave|gm\b|glad)/i, 'happy'],
];

/** Words streamers put on emotes; any of these in a prompt becomes the emote's word. */
const EMOTE_WORDS = [
  'GG',
  'HYPE',
  'POG',
  'LOL',
  'LUL',
  'RIP',
  'EZ',
  'OMG',
  'WOW',
  'GN',
  'GM',
  'HI',
  'BYE',
  'LOVE',
  'RAGE',
  'SAD',
  'COZY',
  'THX',
  'CLAP',
  'SUS',
  'YES',
  'NO',
  'W',
  'L',
  'F',
  'UWU',
  'LETS GO',
  'WIN',
  'CLUTCH',
  'TILT',
];

/** Words that describe the request rather than its content. */
const FILLER = new Set(
  (
    'a an the and or of for to with in on at my me our your i we it is be as by from that this make create ' +
    'design draw generate give want need please some style styled look looking like using use image picture art ' +
    'emote emotes badge badges banner panel panels overlay overlays thumbnail thumbnails alert alerts screen scene ' +
    'transition offline schedule chat box twitch youtube stream streamer streaming channel asset icon logo ' +
    'background colors colours color colour theme vibe vibes cool-looking nice good great awesome bold simple ' +
    'cute chibi pixel kawaii anime meme minimal flat neon retro esports 3d version new purple pink blue red ' +
    'green yellow orange black white gold golden teal cyan magenta dark light pastel bright vibrant'
  ).split(' '),
);

export function quotedText(prompt: string): string | null {
  const match = /["“”'‘’«]([^"“”'‘’»]{1,40})["“”'‘’»]/.exec(prompt);
  return match?.[1]?.trim() || null;
}

/** The meaningful words of a prompt, in order. */
export function keywords(prompt: string): string[] {
  return prompt
    .replace(/["“”‘’«»]/g, ' ')
    .split(/[^\p{L}\p{N}'!?#&-]+/u)
    .map((word) => word.replace(/^['-]+|['-]+$/g, ''))
    .filter((word) => word.length > 0 && !FILLER.has(word.toLowerCase()));
}

/** The short word an emote or badge shows, or null for a wordless icon. */
export function emoteWord(prompt: string, explicit: string | null): string | null {
  const given = explicit?.trim() || quotedText(prompt);
  if (given) {
    return given.slice(0, 8).toUpperCase();
  }
  const upper = ` ${prompt.toUpperCase().replace(/[^A-Z0-9' ]+/g, ' ')} `;
  for (const word of EMOTE_WORDS) {
    if (word.length > 1 && upper.includes(` ${word} `)) {
      return word;
    }
  }
  return null;
}

export function symbolFor(prompt: string): SymbolKind | null {
  return SYMBOL_WORDS.find(([pattern]) => pattern.test(prompt))?.[1] ?? null;
}

export function moodFor(prompt: string): Mood | null {
  return MOOD_WORDS.find(([pattern]) => pattern.test(prompt))?.[1] ?? null;
}

/** Capitalised words up to a character budget. */
function phrase(words: string[], maxWords: number, maxChars: number): string {
  const out: string[] = [];
  for (const word of words) {
    if (out.length >= maxWords || [...out, word].join(' ').length > maxChars) {
      break;
    }
    out.push(word);
  }
  return out.join(' ');
}

const PANEL_TITLES: readonly [RegExp, string][] = [
  [/about|bio|who am i/i, 'About Me'],
  [/schedule|times|when/i, 'Schedule'],
  [/rule/i, 'Rules'],
  [/donat|tip|support/i, 'Donate'],
  [/discord|community/i, 'Discord'],
  [/social|twitter|instagram|tiktok|youtube/i, 'Socials'],
  [/setup|gear|pc|specs/i, 'My Setup'],
  [/merch|shop|store/i, 'Merch'],
  [/faq|question/i, 'FAQ'],
  [/sponsor|partner/i, 'Sponsors'],
  [/sub|subscri/i, 'Subscribe'],
  [/command/i, 'Commands'],
];

const ALERT_TITLES: readonly [RegExp, string][] = [
  [/raid/i, 'Incoming Raid'],
  [/gift/i, 'Gifted Subs'],
  [/sub|subscri/i, 'New Subscriber'],
  [/cheer|bits/i, 'Cheer'],
  [/donat|tip/i, 'Donation'],
  [/host/i, 'New Host'],
  [/follow/i, 'New Follower'],
];

const SCENE_HEADLINES: Partial<Record<TwitchAssetType, string>> = {
  offline_screen: 'Currently Offline',
  starting_soon: 'Starting Soon',
  brb: 'Be Right Back',
  ending: 'Thanks for Watching',
  schedule: 'Stream Schedule',
};

/** A stream title's lead (before `:`, `|` or ` - `), whole words only, within `maxChars`. */
function titleLead(title: string, maxWords: number, maxChars: number): string {
  const lead = title.split(/\s*[:|•]\s*|\s+[-–—]\s+/)[0] ?? title;
  return phrase(lead.split(/\s+/).filter(Boolean), maxWords, maxChars);
}

/** The big text of a panel, scene, alert or thumbnail. */
export function headlineFor(
  type: TwitchAssetType,
  prompt: string,
  explicit: string | null,
  streamTitle: string | null,
  channelName: string | null,
): string {
  const given = explicit?.trim() || quotedText(prompt);
  if (given) {
    return given;
  }
  switch (type) {
    case 'panel':
      return (
        PANEL_TITLES.find(([pattern]) => pattern.test(prompt))?.[1] ?? (phrase(keywords(prompt), 2, 14) || 'About Me')
      );
    case 'alert':
      return ALERT_TITLES.find(([pattern]) => pattern.test(prompt))?.[1] ?? 'New Follower';
    case 'thumbnail':
      return (streamTitle ? titleLead(streamTitle, 5, 30) : '') || phrase(keywords(prompt), 4, 28) || 'Watch This';
    case 'banner':
      return channelName ?? (phrase(keywords(prompt), 2, 18) || 'Welcome');
    case 'transition':
    case 'overlay':
    case 'chat_box':
      return channelName ?? (phrase(keywords(prompt), 2, 16) || 'Live');
    case 'emote':
    case 'badge':
      return emoteWord(prompt, null) ?? '';
    case 'reward_icon':
      // a symbol alone: no word would read at 28 px on the reward tile
      return '';
    case 'offline_screen':
    case 'starting_soon':
    case 'brb':
    case 'ending':
    case 'schedule':
      return SCENE_HEADLINES[type] ?? '';
  }
}

/** A short line under a headline: the stream's topic when there is one. */
export function taglineFor(prompt: string, category: string | null, streamTitle: string | null): string | null {
  if (category) {
    return streamTitle ? `${category} · ${titleLead(streamTitle, 6, 36)}` : category;
  }
  if (streamTitle) {
    return titleLead(streamTitle, 6, 40);
  }
  const words = keywords(prompt);
  return words.length > 0 ? phrase(words, 5, 36) : null;
}
