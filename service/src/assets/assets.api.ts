import type {
  AssetResponse,
  assetEndpoints,
  EndpointQuery,
  PublicAssetResponse,
  WireResponse,
} from '@aurastream/contract';
import type { Actor } from '../auth/principal';
import { presentAsset, presentPublicAsset } from './asset.presenter';
import type { AssetLibraryService, PublicAssetImage } from './asset-library.service';
import type { Asset } from './asset.repository';
import type { SignedFileUrl, SignedFileUrls } from '../storage/signed-urls';

type Endpoints = typeof assetEndpoints;

/** A streamer's asset library, and the public assets anyone may see. */
export interface AssetsApi {
  list(principal: Actor, query: EndpointQuery<Endpoints['list']>): Promise<WireResponse<Endpoints['list']>>;
  get(principal: Actor, assetId: string): Promise<AssetResponse>;
  /** Soft deletion (restorable for a while), or permanent. */
  delete(principal: Actor, assetId: string, permanent: boolean): Promise<WireResponse<Endpoints['delete']>>;
  restore(principal: Actor, assetId: string): Promise<AssetResponse>;
  setVisibility(principal: Actor, assetId: string, isPublic: boolean): Promise<AssetResponse>;
  /** A public asset, for anyone. */
  getPublic(assetId: string): Promise<PublicAssetResponse>;
  /** A public asset's file, for anyone: its bytes, or its signed URL when files are served so. */
  getPublicImage(assetId: string): Promise<PublicAssetImage | PublicAssetImageLink>;
}

/** Where a public asset's file can be read for a while (`STORAGE_SIGNED_URLS`). */
export interface PublicAssetImageLink extends SignedFileUrl {
  asset: Asset;
}

export function createAssetsApi(deps: {
  library: AssetLibraryService;
  publicUrl: string;
  signedFileUrls: SignedFileUrls | null;
}): AssetsApi {
  const { library, signedFileUrls } = deps;
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
    async getPublic(assetId) {
      const asset = await library.getPublic(assetId);
      return presentPublicAsset(asset, `${deps.publicUrl}/api/v1/asset/${asset.id}/image`);
    },
    async getPublicImage(assetId) {
      if (!signedFileUrls) {
        return library.getPublicImage(assetId);
      }
      const { asset, storageKey } = await library.getPublicImageKey(assetId);
      return { asset, ...(await signedFileUrls.sign(storageKey)) };
    },
  };
}
