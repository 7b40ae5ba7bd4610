import {
  assetTypeSchema,
  GENERIC_TO_TWITCH,
  type AnyAssetType,
  type AssetType,
  type TwitchAssetType,
} from '@aurastream/contract';

/**
 * Every asset type's output sizes, format, transparency and upload limit: the table behind
 * `GET /twitch/dimensions`, the renderers and the byte-limit checks. Pure data, so the contract can
 * reuse it. Fields are snake_case because the table is served as JSON as it stands.
 */

export type ImageFormat = 'png' | 'jpeg';

export interface OutputSize {
  width: number;
  height: number;
  /** `112x112`: names the file within the asset. */
  label: string;
}

export interface AssetDimensions {
  asset_type: AnyAssetType;
  /** The Twitch type a generic type renders as (itself for a Twitch type). */
  twitch_asset_type: TwitchAssetType;
  /** Human name, e.g. `Emote`. */
  name: string;
  description: string;
  /** Every file one request produces, largest first. */
  sizes: OutputSize[];
  /** What AuraStream produces. */
  format: ImageFormat;
  /** Formats the destination accepts; a file over the byte limit may be re-encoded into another of these. */
  accepted_formats: ImageFormat[];
  /** Whether the background is see-through (alpha channel, transparent corners). */
  transparent: boolean;
  /** Largest accepted file, in bytes, per file. */
  max_bytes: number;
  /** Where the limit comes from: the destination's documented limit, or AuraStream's cap where there is none. */
  limit_source: 'twitch' | 'youtube' | 'aurastream';
  /** Where the streamer uploads it. */
  upload_to: string;
  /** Twitch's (or our) advice for the type, shown next to the sizes. */
  guidance: string;
  /** The size legibility is judged at (emotes, badges); null when the type is always seen large. */
  legibility_px: number | null;
}

const KB = 1024;
const MB = 1024 * 1024;

function square(...sides: number[]): OutputSize[] {
  return sides.map((side) => ({ width: side, height: side, label: `${side}x${side}` }));
}

function size(width: number, height: number): OutputSize[] {
  return [{ width, height, label: `${width}x${height}` }];
}

const fullScreen = size(1920, 1080);

/** The Twitch asset types (the spec's 14 and the reward icon), in the contract's order. */
export const TWITCH_DIMENSIONS: Readonly<Record<TwitchAssetType, AssetDimensions>> = {
  emote: {
    asset_type: 'emote',
    twitch_asset_type: 'emote',
    name: 'Emote',
    description: 'Chat emote at the three sizes Twitch shows (1x, 2x, 4x).',
    sizes: square(112, 56, 28),
    format: 'png',
    accepted_formats: ['png'],
    transparent: true,
    max_bytes: 1 * MB,
    limit_source: 'twitch',
    upload_to: 'Creator Dashboard → Viewer Rewards → Emotes',
    guidance:
      'Emotes must read at 28 px in chat: one idea, a bold silhouette, a thick outline, two or three colours, a transparent background and no small text.',
    legibility_px: 28,
  },
  badge: {
    asset_type: 'badge',
    twitch_asset_type: 'badge',
    name: 'Subscriber badge',
    description: 'Subscriber badge at the three sizes Twitch shows next to a name in chat.',
    sizes: square(72, 36, 18),
    format: 'png',
    accepted_formats: ['png'],
    transparent: true,
    max_bytes: 25 * KB,
    limit_source: 'twitch',
    upload_to: 'Creator Dashboard → Viewer Rewards → Subscriptions → Loyalty Badges',
    guidance:
      'Badges sit next to a name at 18 px: a single solid shape with one symbol, strong contrast against both the light and the dark chat, no text. Each file must stay under 25 KB.',
    legibility_px: 18,
  },
  panel: {
    asset_type: 'panel',
    twitch_asset_type: 'panel',
    name: 'Panel',
    description: 'About-section panel header (320 px wide; Twitch allows up to 600 px high).',
    sizes: size(320, 160),
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: true,
    max_bytes: 1 * MB,
    limit_source: 'twitch',
    upload_to: 'Channel page → About → Edit Panels',
    guidance:
      'Panels are shown 320 px wide; keep the title large and centred and under 1 MB. Rounded corners stay see-through so the panel sits well on the light and the dark theme.',
    legibility_px: null,
  },
  banner: {
    asset_type: 'banner',
    twitch_asset_type: 'banner',
    name: 'Profile banner',
    description: 'Channel profile banner across the top of the channel page.',
    sizes: size(1200, 480),
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'twitch',
    upload_to: 'Settings → Profile → Profile Banner',
    guidance:
      'Twitch crops the banner on narrow screens: keep the channel name and logo inside the middle 1000x380 and under 10 MB.',
    legibility_px: null,
  },
  offline_screen: {
    asset_type: 'offline_screen',
    twitch_asset_type: 'offline_screen',
    name: 'Offline screen',
    description: 'Video player banner shown while the channel is offline.',
    sizes: fullScreen,
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'twitch',
    upload_to: 'Creator Dashboard → Settings → Stream → Video Player Banner',
    guidance: 'Shown in the 16:9 player at 1920x1080, under 10 MB; keep text away from the bottom player controls.',
    legibility_px: null,
  },
  schedule: {
    asset_type: 'schedule',
    twitch_asset_type: 'schedule',
    name: 'Schedule',
    description: 'Weekly schedule graphic (16:9) for the offline screen, panels or social posts.',
    sizes: fullScreen,
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'twitch',
    upload_to: 'Video Player Banner, About panels or social posts',
    guidance: 'A 16:9 week at a glance: one card per day, times large enough to read on a phone.',
    legibility_px: null,
  },
  thumbnail: {
    asset_type: 'thumbnail',
    twitch_asset_type: 'thumbnail',
    name: 'Video thumbnail',
    description: 'Thumbnail for past broadcasts, highlights and uploads.',
    sizes: size(1280, 720),
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'twitch',
    upload_to: 'Creator Dashboard → Content → Video Producer → Edit thumbnail',
    guidance: 'Three or four big words, a strong focal point and high contrast: thumbnails are judged at 320 px wide.',
    legibility_px: null,
  },
  overlay: {
    asset_type: 'overlay',
    twitch_asset_type: 'overlay',
    name: 'Stream overlay',
    description: 'Full-screen transparent overlay with a webcam frame and a name bar, for OBS.',
    sizes: fullScreen,
    format: 'png',
    accepted_formats: ['png'],
    transparent: true,
    max_bytes: 10 * MB,
    limit_source: 'aurastream',
    upload_to: 'OBS / Streamlabs: Image source above the game capture',
    guidance: 'The middle stays transparent for gameplay; the webcam frame and bars hug the edges.',
    legibility_px: null,
  },
  alert: {
    asset_type: 'alert',
    twitch_asset_type: 'alert',
    name: 'Alert',
    description: 'Transparent alert image (follow, sub, raid, cheer) for an alert box.',
    sizes: size(800, 600),
    format: 'png',
    accepted_formats: ['png'],
    transparent: true,
    max_bytes: 10 * MB,
    limit_source: 'aurastream',
    upload_to: 'Alert box of OBS, Streamlabs or StreamElements',
    guidance: 'A bold shape with the event name; leave the lower third clear for the viewer name the alert box adds.',
    legibility_px: null,
  },
  transition: {
    asset_type: 'transition',
    twitch_asset_type: 'transition',
    name: 'Transition',
    description: 'Full-screen wipe card shown between scenes (stinger still).',
    sizes: fullScreen,
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'aurastream',
    upload_to: 'OBS: Stinger or Image source between scenes',
    guidance: 'Fills the screen for a moment: the logo large in the centre, brand colours edge to edge.',
    legibility_px: null,
  },
  starting_soon: {
    asset_type: 'starting_soon',
    twitch_asset_type: 'starting_soon',
    name: 'Starting soon screen',
    description: 'Full-screen scene shown before the stream starts.',
    sizes: fullScreen,
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'aurastream',
    upload_to: 'OBS: Image source in the Starting Soon scene',
    guidance: 'Big “starting soon” headline, today’s game or topic, room at the bottom for a countdown.',
    legibility_px: null,
  },
  brb: {
    asset_type: 'brb',
    twitch_asset_type: 'brb',
    name: 'Be right back screen',
    description: 'Full-screen scene for breaks.',
    sizes: fullScreen,
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'aurastream',
    upload_to: 'OBS: Image source in the BRB scene',
    guidance: 'Readable from across the room: one headline, the channel name, calm colours.',
    legibility_px: null,
  },
  ending: {
    asset_type: 'ending',
    twitch_asset_type: 'ending',
    name: 'Ending screen',
    description: 'Full-screen “thanks for watching” scene for the end of a stream.',
    sizes: fullScreen,
    format: 'png',
    accepted_formats: ['png', 'jpeg'],
    transparent: false,
    max_bytes: 10 * MB,
    limit_source: 'aurastream',
    upload_to: 'OBS: Image source in the Ending scene',
    guidance: 'Thank the viewers and tell them when you are back; leave space for a raid target.',
    legibility_px: null,
  },
  chat_box: {
    asset_type: 'chat_box',
    twitch_asset_type: 'chat_box',
    name: 'Chat box frame',
    description: 'Transparent frame for an on-screen chat widget.',
    sizes: size(400, 600),
    format: 'png',
    accepted_formats: ['png'],
    transparent: true,
    max_bytes: 10 * MB,
    limit_source: 'aurastream',
    upload_to: 'OBS: Image source behind the chat browser source',
    guidance: 'Place the chat browser source inside the frame; the body is translucent so messages stay readable.',
    legibility_px: null,
  },
  reward_icon: {
    asset_type: 'reward_icon',
    twitch_asset_type: 'reward_icon',
    name: 'Channel-point reward icon',
    description: 'Icon of a channel-point reward at the three sizes Twitch shows (1x, 2x, 4x).',
    sizes: square(112, 56, 28),
    format: 'png',
    accepted_formats: ['png'],
    transparent: true,
    max_bytes: 1 * MB,
    limit_source: 'aurastream',
    upload_to:
      "Creator Dashboard → Viewer Rewards → Channel Points → Manage Rewards → the reward → Reward Icon (Twitch's API cannot set it)",
    guidance:
      'Twitch draws the icon on the reward tile at 28 px beside its cost: one symbol, thick outline, no text, a transparent background.',
    legibility_px: 28,
  },
};

/** Where a generic type differs from the Twitch type it is made as: a YouTube thumbnail's limits and home. */
const GENERIC_DIFFERENCES: Partial<Record<AssetType, Partial<AssetDimensions>>> = {
  youtube_thumbnail: {
    name: 'YouTube thumbnail',
    description: 'YouTube custom thumbnail (16:9).',
    max_bytes: 2 * MB,
    limit_source: 'youtube',
    upload_to: 'YouTube Studio → Content → Details → Thumbnail',
    guidance: 'YouTube wants 1280x720 under 2 MB; three or four big words and one strong focal point.',
  },
};

/** The 5 generic types: their Twitch type's entry (`GENERIC_TO_TWITCH`, in the contract), and their differences. */
const GENERIC_DIMENSIONS = Object.fromEntries(
  assetTypeSchema.options.map((type) => {
    const twitch = TWITCH_DIMENSIONS[GENERIC_TO_TWITCH[type]];
    // `overlay` is a generic and a Twitch type at once: one entry
    const entry = twitch.asset_type === type ? twitch : { ...twitch, asset_type: type, ...GENERIC_DIFFERENCES[type] };
    return [type, entry];
  }),
) as Readonly<Record<AssetType, AssetDimensions>>;

/** Sizes, format, transparency and byte limit of any asset type, generic or Twitch. */
export function dimensionsFor(assetType: AnyAssetType): AssetDimensions {
  return Object.hasOwn(GENERIC_DIMENSIONS, assetType)
    ? GENERIC_DIMENSIONS[assetType as AssetType]
    : TWITCH_DIMENSIONS[assetType as TwitchAssetType];
}
