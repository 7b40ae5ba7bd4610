/** Display helpers: sizes, dates and the names streamers know asset types by. */

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) {
    return '—';
  }
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatRelativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) {
    return 'just now';
  }
  if (abs < 3600) {
    return relative.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 86_400) {
    return relative.format(Math.round(seconds / 3600), 'hour');
  }
  if (abs < 30 * 86_400) {
    return relative.format(Math.round(seconds / 86_400), 'day');
  }
  return new Date(iso).toLocaleDateString();
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat().format(value);
}

/** `1 file`, `3 files`, `1,200 designs`: a number with its noun in the right number. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${formatNumber(count)} ${count === 1 ? noun : plural}`;
}

/** A job's status as a sentence reads it. */
export const jobStatusNames: Record<'queued' | 'processing' | 'completed' | 'failed' | 'cancelled', string> = {
  queued: 'Queued',
  processing: 'Rendering',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const assetTypeNames: Record<string, string> = {
  twitch_emote: 'Emote',
  youtube_thumbnail: 'YouTube thumbnail',
  twitch_banner: 'Banner',
  twitch_badge: 'Sub badge',
  overlay: 'Overlay',
  emote: 'Emote',
  badge: 'Sub badge',
  panel: 'Panel',
  banner: 'Profile banner',
  offline_screen: 'Offline screen',
  schedule: 'Schedule',
  thumbnail: 'Thumbnail',
  alert: 'Alert',
  transition: 'Transition',
  starting_soon: 'Starting soon',
  brb: 'Be right back',
  ending: 'Stream ending',
  chat_box: 'Chat box',
  twitch_pack: 'Asset pack',
  story_graphic: 'Story graphic',
  tiktok_story: 'TikTok story',
  instagram_story: 'Instagram story',
  instagram_reel: 'Instagram reel cover',
  twitch_panel: 'Panel',
  twitch_offline: 'Offline screen',
};

export function assetTypeName(type: string): string {
  return assetTypeNames[type] ?? type.replace(/_/g, ' ').replace(/^\w/, (char) => char.toUpperCase());
}

const styleNames: Record<string, string> = {
  chibi: 'Chibi',
  pixel_art: 'Pixel art',
  kawaii: 'Kawaii',
  '3d': '3D',
  anime: 'Anime',
  meme: 'Meme',
  minimal_flat: 'Minimal flat',
  neon: 'Neon',
  retro: 'Retro',
  bold_esports: 'Bold esports',
};

export function styleName(style: string): string {
  return styleNames[style] ?? style;
}

export function tierName(tier: string): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** `file-name` safe text for downloads. */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'asset'
  );
}
