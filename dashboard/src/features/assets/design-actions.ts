import { api } from '../../api/client';
import { trackAsset } from '../../lib/analytics';
import { navigate } from '../../lib/router';
import { createDraft } from '../create/create-draft';
import { downloadFile, type Design } from './designs';

/** Downloads every size of a design as one zip (with a README of where each goes and its limit). */
export async function downloadDesignZip(design: Design): Promise<void> {
  const blob = await api.assets.downloadDesign({ params: { id: design.preview.id } });
  const url = URL.createObjectURL(blob);
  downloadFile(url, `aurastream-${design.assetType}-v${design.variation}.zip`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  trackAsset('asset_downloaded', design.assetType, { size: 'all' });
}

/** Opens the create page filled with the design's settings: its type, words, style and brand kit. */
export function moreLikeThis(design: Design): void {
  const params = design.preview.generationParams;
  createDraft.set({
    typeKey: design.assetType,
    prompt: design.prompt ?? '',
    stylePreset: params.stylePreset,
    brandKitId: design.preview.brandKitId,
  });
  navigate('/create');
}
