import type { TwitchAssetType } from '@aurastream/contract';

/**
 * The words the built-in renderer puts on an image. Only three sources are allowed: the words the
 * streamer quoted (or introduced as text), the asset type's own wording ("Be Right Back"), and the
 * channel's or brand kit's name. Keywords of the prompt are never stitched into a caption.
 */

/** What the caption decision reads. */
export interface CaptionContext {
  type: TwitchAssetType;
  /** The streamer's prompt (or the coach's refined prompt). */
  prompt: string;
  /** Text the request names explicitly, if any. */
  text: string | null;
  /** The Twitch channel's display name, when Twitch is connected. */
  channelName: string | null;
  /** The brand kit's name, when the request uses one. */
  brandName: string | null;
  /** The channel's game or category. */
  category: string | null;
  /** The channel's current stream title. */
  streamTitle: string | null;
}

/** Every piece of text the renderer may draw for one request. */
export interface Captions {
  /** An emote's or badge's word; null for a wordless icon. */
  word: string | null;
  /** The big text of a scene, panel, alert or frame; empty when the image carries none. */
  headline: string;
  /** The asset type's small line under the headline ("Taking a quick break, stay tuned"). */
  subline: string | null;
  /** The label on a pill: the channel's category and stream title. */
  tagline: string | null;
  /** The channel's (else the brand kit's) name, for footers and name plates. */
  name: string | null;
  /** Up to two letters from `name`; null when there is no name (the emblem shows a symbol instead). */
  monogram: string | null;
}

const QUOTED = /["“”«»]([^"“”«»]{1,40})["“”«»]|(?:^|[\s(])[‘']([^‘’']{1,40})[’'](?=$|[\s.,!?;:)])/;
const END = String.raw`\s*(?=[.!?;,]|\s+(?:and|but|in|on|at|with|above|below|under)\s|$)`;
const TEXT_NOUN = String.raw`(?:text|words?|caption|headline|title|label|lettering|tagline)`;
const INTRODUCED: readonly RegExp[] = [
  new RegExp(String.raw`\b${TEXT_NOUN}\s*(?::|=)\s*(.+?)${END}`, 'i'),
  new RegExp(String.raw`\b(?:with|add|put|use|include|write)\s+(?:the\s+)?${TEXT_NOUN}\s+(.+?)${END}`, 'i'),
  new RegExp(String.raw`\b(?:that|which|it)\s+(?:says|reads)\s+(.+?)${END}`, 'i'),
  new RegExp(String.raw`\bsaying\s+(.+?)${END}`, 'i'),
];
const NOT_LETTERING =
  /^(?:too|more|less|a bit|bigger|smaller|larger|bolder|in|on|at|to|of|near|small|tiny|large|big|bold|legible)\b/i;
const NO_TEXT =
  /\bno\s+(?:text|words|lettering|captions?|writing)\b|\bwithout\s+(?:any\s+)?(?:text|words|lettering)\b|\btext-?free\b|\bwordless\b/i;

/** Chat words streamers put on emotes; typed in capitals in a prompt ("a GG frog") they are lettering. */
const CHAT_WORDS = new Set(
  'GG HYPE POG LOL LUL RIP EZ OMG WOW GN GM HI BYE LOVE RAGE SAD COZY THX CLAP SUS YES NO UWU WIN CLUTCH TILT NOPE'.split(
    ' ',
  ),
);
/** An emote or badge word longer than this cannot be read at chat size: the icon goes wordless. */
const MAX_ICON_WORD = 10;

/** The wording each scene type carries (with its small line), and phrases a prompt may use to ask for it. */
const SCENE_WORDING: readonly SceneWording[] = [
  {
    wording: 'Be Right Back',
    subline: 'Taking a quick break, stay tuned',
    type: 'brb',
    pattern: /\b(?:be right back|brb|back in a (?:bit|moment|few))\b/i,
  },
  {
    wording: 'Starting Soon',
    subline: 'Grab a drink, the stream starts in a moment',
    type: 'starting_soon',
    pattern: /\b(?:starting soon|stream starts? soon)\b/i,
  },
  {
    wording: 'Thanks for Watching',
    subline: 'See you next stream',
    type: 'ending',
    pattern: /\bthanks?(?: you)? for watching\b/i,
  },
  { wording: 'Stream Schedule', subline: null, type: 'schedule', pattern: /\bstream schedule\b/i },
  {
    wording: 'Currently Offline',
    subline: 'Hit follow to know when we go live',
    type: 'offline_screen',
    pattern: /\bcurrently offline\b/i,
  },
];

interface SceneWording {
  wording: string;
  subline: string | null;
  /** The scene type this is the own wording of. */
  type: TwitchAssetType;
  pattern: RegExp;
}

const SCENE_TYPES: ReadonlySet<TwitchAssetType> = new Set([
  'offline_screen',
  'starting_soon',
  'brb',
  'ending',
  'schedule',
]);
const PANEL_TITLES: readonly [RegExp, string][] = [
  [/\b(?:about|bio|who am i)\b/i, 'About Me'],
  [/\b(?:schedule|stream times)\b/i, 'Schedule'],
  [/\brules?\b/i, 'Rules'],
  [/\b(?:donat\w*|tips?|support)\b/i, 'Donate'],
  [/\b(?:discord|community)\b/i, 'Discord'],
  [/\b(?:socials?|twitter|instagram|tiktok|youtube)\b/i, 'Socials'],
  [/\b(?:setup|gear|pc|specs)\b/i, 'My Setup'],
  [/\b(?:merch|shop|store)\b/i, 'Merch'],
  [/\b(?:faq|questions?)\b/i, 'FAQ'],
  [/\b(?:sponsors?|partners?)\b/i, 'Sponsors'],
  [/\b(?:sub|subs|subscribe|subscriptions?)\b/i, 'Subscribe'],
  [/\bcommands?\b/i, 'Commands'],
];
const ALERT_TITLES: readonly [RegExp, string][] = [
  [/\braids?\b/i, 'Incoming Raid'],
  [/\bgift(?:ed)?\b/i, 'Gifted Subs'],
  [/\b(?:sub|subs|subscriber|subscription)\b/i, 'New Subscriber'],
  [/\b(?:cheers?|bits)\b/i, 'Cheer'],
  [/\b(?:donations?|tips?)\b/i, 'Donation'],
  [/\bhosts?\b/i, 'New Host'],
  [/\b(?:follow|follower)s?\b/i, 'New Follower'],
];

/** The words the streamer quoted or introduced as the text to show, if any. */
export function streamerText(prompt: string): string | null {
  const quoted = QUOTED.exec(prompt);
  const inQuotes = (quoted?.[1] ?? quoted?.[2])?.trim();
  if (inQuotes) {
    return inQuotes;
  }
  for (const pattern of INTRODUCED) {
    const found = pattern.exec(prompt)?.[1]?.trim();
    if (found && found.length <= 40 && !NOT_LETTERING.test(found)) {
      return found.replace(/[\s.,!?;:]+$/, '');
    }
  }
  return null;
}

/** A chat word the streamer typed in capitals ("a GG frog"), unless the whole prompt shouts. */
function typedChatWord(prompt: string): string | null {
  if (prompt === prompt.toUpperCase()) {
    return null;
  }
  const tokens = prompt.split(/[^A-Za-z]+/).filter(Boolean);
  for (const [index, token] of tokens.entries()) {
    if (token === 'LETS' && tokens[index + 1] === 'GO') {
      return 'LETS GO';
    }
    if (CHAT_WORDS.has(token)) {
      return token;
    }
  }
  return null;
}

/** Initials of a name ("cozy_gamer_jen" → "CJ", "NovaPlays" → "NP"), for a monogram. */
export function initials(name: string): string {
  const parts = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const letters = parts.length >= 2 ? [parts[0]![0], parts.at(-1)![0]] : [...(parts[0] ?? '').slice(0, 2)];
  return letters.join('').toUpperCase();
}

/** A stream title's lead (before `:`, `|` or ` - `), whole words only, within `maxChars`. */
export function titleLead(title: string, maxChars: number): string {
  const lead = title.split(/\s*[:|•]\s*|\s+[-–—]\s+/)[0] ?? title;
  const kept: string[] = [];
  for (const word of lead.split(/\s+/).filter(Boolean)) {
    if ([...kept, word].join(' ').length > maxChars) {
      break;
    }
    kept.push(word);
  }
  return kept.join(' ');
}

/** A scene's wording: the one the prompt names ("… be right back"), else the type's own. */
function sceneWording(type: TwitchAssetType, prompt: string): SceneWording | null {
  const own = SCENE_WORDING.find((entry) => entry.type === type) ?? null;
  if (own?.pattern.test(prompt)) {
    return own;
  }
  return SCENE_WORDING.find((entry) => entry.pattern.test(prompt)) ?? own;
}

function headlineOf(context: CaptionContext, name: string | null): string {
  const { type, prompt, streamTitle } = context;
  switch (type) {
    case 'panel':
      return PANEL_TITLES.find(([pattern]) => pattern.test(prompt))?.[1] ?? 'About Me';
    case 'alert':
      return ALERT_TITLES.find(([pattern]) => pattern.test(prompt))?.[1] ?? 'New Follower';
    case 'thumbnail':
      return (streamTitle ? titleLead(streamTitle, 30) : '') || 'Watch This';
    case 'banner':
      return name ?? 'Welcome';
    case 'transition':
    case 'overlay':
    case 'chat_box':
      return name ?? 'Live';
    // a symbol alone for a reward icon: no word would read at 28 px on the reward tile
    case 'emote':
    case 'badge':
    case 'reward_icon':
      return '';
    case 'offline_screen':
    case 'starting_soon':
    case 'brb':
    case 'ending':
    case 'schedule':
      return sceneWording(type, prompt)?.wording ?? '';
  }
}

function taglineOf(category: string | null, streamTitle: string | null): string | null {
  if (category) {
    const lead = streamTitle ? titleLead(streamTitle, 36) : '';
    return lead ? `${category} · ${lead}` : category;
  }
  return streamTitle ? titleLead(streamTitle, 40) || null : null;
}

/** Decides every word the renderer draws for a request. Pure: the same context, the same captions. */
export function decideCaptions(context: CaptionContext): Captions {
  const name = context.channelName?.trim() || context.brandName?.trim() || null;
  const monogram = name ? initials(name) || null : null;
  const given = context.text?.trim() || streamerText(context.prompt);
  const noText = !context.text?.trim() && NO_TEXT.test(context.prompt);
  const icon = context.type === 'emote' || context.type === 'badge';
  if (icon) {
    const word = noText ? null : (given ?? typedChatWord(context.prompt));
    return {
      word: word && word.length <= MAX_ICON_WORD ? word.toUpperCase() : null,
      headline: '',
      subline: null,
      tagline: null,
      name,
      monogram,
    };
  }
  if (noText) {
    return { word: null, headline: '', subline: null, tagline: null, name, monogram };
  }
  const scene = SCENE_TYPES.has(context.type) ? sceneWording(context.type, context.prompt) : null;
  return {
    word: null,
    headline: given ?? headlineOf(context, name),
    // under the streamer's own words the type's line; under a named wording, that wording's line
    subline: (given ? SCENE_WORDING.find((entry) => entry.type === context.type) : scene)?.subline ?? null,
    tagline: taglineOf(context.category, context.streamTitle),
    name,
    monogram,
  };
}
