import type { AssetPopularityTotals } from './analytics-aggregate.repository';
import type { PopularAssetType } from '@aurastream/contract';

/**
 * Merges the event-based totals with the real generation counts (null when they are unavailable)
 * and ranks asset types: most assets actually made first (when known), then most `asset_generated`
 * events, downloads, shares and views.
 */
export function rankPopularAssetTypes(
  totals: readonly AssetPopularityTotals[],
  generation: ReadonlyArray<{ asset_type: string; jobs: number; assets: number }> | null,
  limit: number,
): PopularAssetType[] {
  const byType = new Map<string, PopularAssetType>();
  const entry = (assetType: string): PopularAssetType => {
    let item = byType.get(assetType);
    if (!item) {
      item = {
        asset_type: assetType,
        generated_count: 0,
        viewed_count: 0,
        downloaded_count: 0,
        shared_count: 0,
        jobs: generation ? 0 : null,
        assets: generation ? 0 : null,
      };
      byType.set(assetType, item);
    }
    return item;
  };
  for (const total of totals) {
    const item = entry(total.asset_type);
    item.generated_count += total.generated_count;
    item.viewed_count += total.viewed_count;
    item.downloaded_count += total.downloaded_count;
    item.shared_count += total.shared_count;
  }
  for (const counts of generation ?? []) {
    const item = entry(counts.asset_type);
    item.jobs = (item.jobs ?? 0) + counts.jobs;
    item.assets = (item.assets ?? 0) + counts.assets;
  }
  return [...byType.values()]
    .sort(
      (a, b) =>
        (b.assets ?? 0) - (a.assets ?? 0) ||
        b.generated_count - a.generated_count ||
        b.downloaded_count - a.downloaded_count ||
        b.shared_count - a.shared_count ||
        b.viewed_count - a.viewed_count ||
        a.asset_type.localeCompare(b.asset_type),
    )
    .slice(0, limit);
}
