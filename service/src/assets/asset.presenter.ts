import type { Asset } from './asset.repository';
import type { AssetResponse, PublicAssetResponse } from '@aurastream/contract';

/** An asset as the owner sees it: the spec's columns. */
export function presentAsset(asset: Asset): AssetResponse {
  return {
    id: asset.id,
    user_id: asset.user_id,
    job_id: asset.job_id,
    brand_kit_id: asset.brand_kit_id,
    asset_type: asset.asset_type,
    width: asset.width,
    height: asset.height,
    format: asset.format,
    url: asset.url,
    storage_path: asset.storage_path,
    thumbnail_url: asset.thumbnail_url ?? null,
    file_size: asset.file_size,
    is_public: asset.is_public,
    prompt_used: asset.prompt_used,
    // files made before the streamer's words were kept have none
    generation_params: { ...asset.generation_params, request_prompt: asset.generation_params.request_prompt ?? null },
    viral_score: asset.viral_score,
    created_at: asset.created_at.toISOString(),
  };
}

/** What anyone may see of a public asset. */
export function presentPublicAsset(asset: Asset, imageUrl: string): PublicAssetResponse {
  return {
    id: asset.id,
    asset_type: asset.asset_type,
    width: asset.width,
    height: asset.height,
    format: asset.format,
    file_size: asset.file_size,
    image_url: imageUrl,
    ai_generated: asset.generation_params.ai_generated,
    style_preset: asset.generation_params.style_preset,
    viral_score: asset.viral_score,
    created_at: asset.created_at.toISOString(),
  };
}
