import type { UserId } from '../users/user.repository';

/** One file of a reward icon, for the streamer to download. */
export interface RewardIconFile {
  asset_id: string;
  size_label: string;
  width: number;
  url: string;
}

/** The streamer's newest `reward_icon` asset (its 112, 56 and 28 px files); built in container.ts. */
export interface RewardIconSource {
  newest(owner: UserId): Promise<RewardIconFile[]>;
}

/** From the asset library: the newest reward icon job's files, largest first. */
export function rewardIconsFrom(library: {
  list(
    owner: UserId,
    query: { asset_type: 'reward_icon'; limit: number },
  ): Promise<{
    items: Array<{ id: string; job_id: string; width: number; url: string; generation_params: { size_label: string } }>;
  }>;
}): RewardIconSource {
  return {
    async newest(owner) {
      const { items } = await library.list(owner, { asset_type: 'reward_icon', limit: 12 });
      const newestJob = items[0]?.job_id;
      return items
        .filter((asset) => asset.job_id === newestJob)
        .sort((a, b) => b.width - a.width)
        .map((asset) => ({
          asset_id: asset.id,
          size_label: asset.generation_params.size_label,
          width: asset.width,
          url: asset.url,
        }));
    },
  };
}
