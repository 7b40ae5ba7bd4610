import type { PackResponse } from '@aurastream/contract';
import { presentAsset } from '../assets/asset.presenter';
import type { PackView } from './generation.service';
import { presentJob, progressOf } from './job.presenter';

/** A pack with its items, their files and, once finished with something in it, its zip's address. */
export function presentPack(pack: PackView): PackResponse {
  const ready = pack.job.status === 'completed' && pack.job.completed_assets > 0;
  return {
    job: presentJob(pack.job),
    pack_type: pack.pack_type,
    progress: progressOf(pack.job),
    items: pack.items.map((item) => ({
      asset_type: item.asset_type,
      job: presentJob(item.job),
      assets: item.assets.map(presentAsset),
    })),
    download_url: ready ? `/api/v1/twitch/packs/${pack.job.id}/download` : null,
  };
}
