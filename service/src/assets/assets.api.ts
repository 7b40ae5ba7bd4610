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
import { cacheScopes, type CachedAnswer, type ReadCache, type ReadCacheInvalidator } from '../db/read-cache';
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
  /** `getPublic`'s answer serialised, with its ETag, from the shared cache when current. */
  getPublicAnswer(assetId: string): Promise<CachedAnswer>;
  /** A public asset's file, for anyone: its bytes, or its signed URL when files are served so. */
  getPublicImage(assetId: string): Promise<PublicAssetImage | PublicAssetImageLink>;
}

/** Where a public asset's file can be read for a while (`STORAGE_SIGNED_URLS`). */
export interface PublicAssetImageLink extends SignedFileUrl {
  asset: Asset;
}

export interface AssetsApiDependencies {
  library: AssetLibraryService;
  publicUrl: string;
  /** Public assets' answers, one entry per asset in the asset's own scope. */
  publicAnswers: ReadCache;
  /** Told of every change a cached answer may show: the asset's scope and its owner's (the panel lists it). */
  cacheScopes: ReadCacheInvalidator;
  signedFileUrls: SignedFileUrls | null;
}

export function createAssetsApi(deps: AssetsApiDependencies): AssetsApi {
  const { library, signedFileUrls } = deps;
  /** After a change of the asset, before answering: no reader sees the old version once the change is confirmed. */
  const changed = (principal: Actor, assetId: string) =>
    deps.cacheScopes.invalidate(cacheScopes.asset(assetId), cacheScopes.owner(principal.id));
  const getPublic = async (assetId: string) => {
    const asset = await library.getPublic(assetId);
    return presentPublicAsset(asset, `${deps.publicUrl}/api/v1/asset/${asset.id}/image`);
  };
  return {
    async list(principal, query) {
      const page = await library.list(principal.id, query);
      return { assets: page.items.map(presentAsset), next_cursor: page.next_cursor };
    },
    get: async (principal, assetId) => presentAsset(await library.get(principal.id, assetId)),
    async delete(principal, assetId, permanent) {
      const deletion = await library.delete(principal.id, assetId, permanent);
      await changed(principal, assetId);
      return {
        id: deletion.id,
        deleted_at: deletion.deleted_at.toISOString(),
        restorable_until: deletion.restorable_until?.toISOString() ?? null,
      };
    },
    async setDesignsVisibility(principal, body) {
      const assets = await library.setDesignsVisibility(principal.id, body.asset_ids, body.is_public);
      await deps.cacheScopes.invalidate(
        ...assets.map((asset) => cacheScopes.asset(asset.id)),
        cacheScopes.owner(principal.id),
      );
      return { assets: assets.map(presentAsset) };
    },
    summary: (principal) => library.summary(principal.id),
    designFiles: (principal, assetId) => library.designFiles(principal.id, assetId),
    async restore(principal, assetId) {
      const asset = await library.restore(principal.id, assetId);
      await changed(principal, assetId);
      return presentAsset(asset);
    },
    async setVisibility(principal, assetId, isPublic) {
      const asset = await library.setVisibility(principal.id, assetId, isPublic);
      await changed(principal, assetId);
      return presentAsset(asset);
    },
    getPublic,
    // a miss (private, deleted, missing: 404) is not cached; the next request reads again
    getPublicAnswer: (assetId) =>
      deps.publicAnswers.getOrLoad(assetId, cacheScopes.asset(assetId), () => getPublic(assetId)),
    async getPublicImage(assetId) {
      if (!signedFileUrls) {
        return library.getPublicImage(assetId);
      }
      const { asset, storageKey } = await library.getPublicImageKey(assetId);
      return { asset, ...(await signedFileUrls.sign(storageKey)) };
    },
  };
}
