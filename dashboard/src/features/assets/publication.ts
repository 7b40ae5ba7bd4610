import { DESIGN_VISIBILITY_MAX_ASSETS } from '@aurastream/contract';
import { api } from '../../api/client';
import type { Asset } from '../../api/types';
import { track } from '../../lib/analytics';
import type { Design } from './designs';

/**
 * Publishes designs (the panel and public links show them) or makes them private, every size of
 * each at once: the service widens one file to its whole design, so one id per design is enough.
 * Answers every file of those designs as stored.
 */
export async function setDesignsPublic(designs: readonly Design[], isPublic: boolean): Promise<Asset[]> {
  const ids = designs.map((design) => design.preview.id);
  const stored: Asset[] = [];
  for (let start = 0; start < ids.length; start += DESIGN_VISIBILITY_MAX_ASSETS) {
    const assetIds = ids.slice(start, start + DESIGN_VISIBILITY_MAX_ASSETS);
    stored.push(...(await api.assets.setDesignsVisibility({ body: { assetIds, isPublic } })).assets);
  }
  track('asset_visibility_changed', 'user_action', { is_public: isPublic, designs: designs.length });
  return stored;
}

/** Replaces files in `list` by their newer copies in `updated`. */
export function withUpdated(list: Asset[], updated: readonly Asset[]): Asset[] {
  const byId = new Map(updated.map((asset) => [asset.id, asset]));
  return list.map((asset) => byId.get(asset.id) ?? asset);
}
