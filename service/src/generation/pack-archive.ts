import type { Writable } from 'node:stream';
import archiver from 'archiver';
import type { TwitchAssetType } from '@aurastream/contract';
import type { Asset } from '../assets/asset.repository';
import { TWITCH_DIMENSIONS } from '../rendering/dimensions';

/** The folder of each type in a pack's zip, named after where the streamer puts it. */
const FOLDERS: Readonly<Record<TwitchAssetType, string>> = {
  emote: 'emotes',
  badge: 'badges',
  panel: 'panels',
  banner: 'profile',
  offline_screen: 'offline',
  schedule: 'schedule',
  thumbnail: 'thumbnails',
  overlay: 'overlays',
  chat_box: 'overlays',
  alert: 'alerts',
  transition: 'scenes',
  starting_soon: 'scenes',
  brb: 'scenes',
  ending: 'scenes',
  reward_icon: 'channel-points',
};

/** File names as a streamer would save them: `emote_112x112.png`, `profile_banner_1200x480.png`. */
const BASE_NAMES: Readonly<Record<TwitchAssetType, string>> = {
  emote: 'emote',
  badge: 'badge',
  panel: 'panel',
  banner: 'profile_banner',
  offline_screen: 'offline_screen',
  schedule: 'schedule',
  thumbnail: 'thumbnail',
  overlay: 'overlay',
  chat_box: 'chat_box',
  alert: 'alert',
  transition: 'transition',
  starting_soon: 'starting_soon',
  brb: 'brb',
  ending: 'ending',
  reward_icon: 'reward_icon',
};

/** Where an asset goes in the zip, e.g. `emotes/emote_112x112.png` (`_v2` for a second variation). */
export function packEntryName(asset: Pick<Asset, 'format' | 'generation_params'>): string {
  const type = asset.generation_params.twitch_asset_type;
  const variation = asset.generation_params.variation > 1 ? `_v${asset.generation_params.variation}` : '';
  const extension = asset.format === 'png' ? 'png' : 'jpg';
  return `${FOLDERS[type]}/${BASE_NAMES[type]}_${asset.generation_params.size_label}${variation}.${extension}`;
}

/** README.txt: which file goes where on Twitch, with the destination's advice. */
export function packReadme(packType: string, entries: Array<{ type: TwitchAssetType; names: string[] }>): string {
  const lines = [
    `AuraStream ${packType} pack`,
    '',
    'Each folder holds the files for one place on Twitch (or in OBS), at the exact sizes it asks for.',
    '',
  ];
  for (const { type, names } of entries) {
    const dimensions = TWITCH_DIMENSIONS[type];
    lines.push(`${dimensions.name} → ${dimensions.upload_to}`);
    for (const name of names) {
      lines.push(`  ${name}`);
    }
    lines.push(`  ${dimensions.guidance}`, '');
  }
  return lines.join('\n');
}

/**
 * Streams a pack's zip: its files in their folders plus the README. PNGs and JPEGs are already
 * compressed, so they are stored as they are.
 */
export async function writePackArchive(
  output: Writable,
  packType: string,
  files: Array<{ asset: Asset; data: Buffer }>,
): Promise<void> {
  const archive = archiver('zip', { store: true });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    output.on('error', reject);
    output.on('finish', resolve);
    output.on('close', resolve);
  });
  archive.pipe(output);
  const byType = new Map<TwitchAssetType, string[]>();
  for (const { asset, data } of files) {
    const name = packEntryName(asset);
    archive.append(data, { name, date: asset.created_at });
    const type = asset.generation_params.twitch_asset_type;
    byType.set(type, [...(byType.get(type) ?? []), name]);
  }
  const entries = [...byType].map(([type, names]) => ({ type, names }));
  archive.append(packReadme(packType, entries), { name: 'README.txt' });
  await archive.finalize();
  await finished;
}
