import type { GenerationJobRepository } from './generation-job.repository';

/** Per asset type: jobs created in the range and the files they stored. */
export interface AssetTypeCount {
  asset_type: string;
  jobs: number;
  assets: number;
}

/**
 * Generation figures for the analytics dashboard, across all users. A pack counts as its items
 * (one job per asset type), never twice.
 */
export class GenerationStats {
  constructor(private readonly jobs: GenerationJobRepository) {}

  /** Jobs created in [from, to) and the assets they made, per asset type, sorted by type. */
  async countByAssetType(from: Date, to: Date): Promise<AssetTypeCount[]> {
    return this.jobs.countByAssetTypeForAnalytics(from, to);
  }
}
