import type {
  AssetResponse,
  AssetSummaryResponse,
  assetEndpoints,
  EndpointBody,
  EndpointQuery,
  PublicAssetResponse,
  WireResponse,
} from '@aurastream/contract';
import type { Actor } from '../auth/principal';
import { presentAsset, presentPublicAsset } from './asset.presenter';
import type { AssetLibraryService, PublicAssetImage } from './asset-library.service';
import type { Asset } from './asset.repository';

type Endpoints = typeof assetEndpoints;

/** A streamer's asset library, and the public assets anyone may see. */
export interface AssetsApi {
  list(principal: Actor, query: EndpointQuery<Endpoints['list']>): Promise<WireResponse<Endpoints['list']>>;
  get(principal: Actor, assetId: string): Promise<AssetResponse>;
  /** Soft deletion (restorable for a while), or permanent. */
  delete(principal: Actor, assetId: string, permanent: boolean): Promise<WireResponse<Endpoints['delete']>>;
  restore(principal: Actor, assetId: string): Promise<AssetResponse>;
  setVisibility(principal: Actor, assetId: string, isPublic: boolean): Promise<AssetResponse>;
  /** Publishes designs (every size of each), or makes them private, as one action. */
  setDesignsVisibility(
    principal: Actor,
    body: EndpointBody<Endpoints['setDesignsVisibility']>,
  ): Promise<WireResponse<Endpoints['setDesignsVisibility']>>;
  /** Every size of a design, with its bytes, for the design's zip. */
  designFiles(principal: Actor, assetId: string): Promise<Array<{ asset: Asset; data: Buffer }>>;
  /** How many designs the streamer made and published. */
  summary(principal: Actor): Promise<AssetSummaryResponse>;
  /** A public asset, for anyone. */
  getPublic(assetId: string): Promise<PublicAssetResponse>;
  /** A public asset's file, for anyone. */
  getPublicImage(assetId: string): Promise<PublicAssetImage>;
}

export function createAssetsApi(deps: { library: AssetLibraryService; publicUrl: string }): AssetsApi {
  const { library } = deps;
  return {
    async list(principal, query) {
      const page = await library.list(principal.id, query);
      return { assets: page.items.map(presentAsset), next_cursor: page.next_cursor };
    },
    get: async (principal, assetId) => presentAsset(await library.get(principal.id, assetId)),
    async delete(principal, assetId, permanent) {
      const deletion = await library.delete(principal.id, assetId, permanent);
      return {
        id: deletion.id,
        deleted_at: deletion.deleted_at.toISOString(),
        restorable_until: deletion.restorable_until?.toISOString() ?? null,
      };
    },
    restore: async (principal, assetId) => presentAsset(await library.restore(principal.id, assetId)),
    setVisibility: async (principal, assetId, isPublic) =>
      presentAsset(await library.setVisibility(principal.id, assetId, isPublic)),
    async setDesignsVisibility(principal, body) {
      const assets = await library.setDesignsVisibility(principal.id, body.asset_ids, body.is_public);
      return { assets: assets.map(presentAsset) };
    },
    summary: (principal) => library.summary(principal.id),
    designFiles: (principal, assetId) => library.designFiles(principal.id, assetId),
    async getPublic(assetId) {
      const asset = await library.getPublic(assetId);
      return presentPublicAsset(asset, `${deps.publicUrl}/api/v1/asset/${asset.id}/image`);
    },
    getPublicImage: (assetId) => library.getPublicImage(assetId),
  };
}
