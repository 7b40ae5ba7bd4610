import type { Writable } from 'node:stream';
import archiver from 'archiver';
import { dimensionsFor } from '../rendering/dimensions';
import type { Asset } from './asset.repository';

/** `emote_112x112.png`: the file name a streamer saves and uploads. */
export function designEntryName(asset: Pick<Asset, 'asset_type' | 'format' | 'generation_params'>): string {
  const base = asset.generation_params.twitch_asset_type;
  return `${base}_${asset.generation_params.size_label}.${asset.format === 'png' ? 'png' : 'jpg'}`;
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** README.txt: where the files go, and each file's size beside the destination's upload limit. */
export function designReadme(
  files: Array<Pick<Asset, 'asset_type' | 'format' | 'generation_params' | 'file_size'>>,
): string {
  const dimensions = dimensionsFor(files[0]!.asset_type);
  const limitOwner =
    dimensions.limit_source === 'twitch' ? 'Twitch' : dimensions.limit_source === 'youtube' ? 'YouTube' : 'AuraStream';
  const lines = [
    `AuraStream ${dimensions.name.toLowerCase()}: every size`,
    '',
    `Upload to: ${dimensions.upload_to}`,
    `${limitOwner}'s upload limit: ${formatLimit(dimensions.max_bytes)} per file`,
    '',
  ];
  for (const file of files) {
    const size = file.file_size === null ? 'size unknown' : formatLimit(file.file_size);
    lines.push(`  ${designEntryName(file)}  (${size})`);
  }
  lines.push('', dimensions.guidance, '');
  return lines.join('\n');
}

/** Streams one design's zip: every size, largest first, and the README. PNGs are stored as they are. */
export async function writeDesignArchive(
  output: Writable,
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
  for (const { asset, data } of files) {
    archive.append(data, { name: designEntryName(asset), date: asset.created_at });
  }
  archive.append(designReadme(files.map(({ asset }) => asset)), { name: 'README.txt' });
  await archive.finalize();
  await finished;
}
