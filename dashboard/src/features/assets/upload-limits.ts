import { api } from '../../api/client';
import type { AssetDimensions } from '../../api/types';
import { createStore, useStore } from '../../lib/store';

/** Every asset type's sizes and upload limit, as the service's dimensions table says; loaded once. */
const table = createStore<ReadonlyMap<string, AssetDimensions> | null>(null);
let loading: Promise<void> | null = null;

function load(): void {
  loading ??= api.twitch.dimensions().then(
    (dimensions) =>
      table.set(
        new Map([...dimensions.assetTypes, ...dimensions.genericAssetTypes].map((row) => [row.assetType, row])),
      ),
    () => {
      // shown without limits; the next view asks again
      loading = null;
    },
  );
}

/** Where a type is uploaded and its per-file limit; null until the table has loaded. */
export function useUploadLimit(assetType: string): AssetDimensions | null {
  const rows = useStore(table);
  if (!rows) {
    load();
  }
  return rows?.get(assetType) ?? null;
}

/** Whose limit it is, for the sentence beside a file. */
export function limitOwner(dimensions: AssetDimensions): string {
  return dimensions.limitSource === 'twitch'
    ? 'Twitch'
    : dimensions.limitSource === 'youtube'
      ? 'YouTube'
      : 'AuraStream';
}
