/**
 * How many generation jobs and assets of each asset type were created in a period. The generation
 * feature owns `generation_jobs` and `assets`; its service satisfies this interface, so analytics
 * reads real generation counts without touching another feature's collections.
 */
export interface GenerationCountsSource {
  /** Counts per asset type of jobs and assets created in [from, to). */
  countByAssetType(from: Date, to: Date): Promise<Array<{ asset_type: string; jobs: number; assets: number }>>;
}
