import { NotFoundError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import type { Asset, AssetFilters, AssetRepository, DesignCounts } from './asset.repository';
import type { AssetPurger } from './asset-purger';
import type { GeneratedAssetStore } from './generated-asset-store';
import { decodePageCursor, toPage } from './page-cursor';
import type { ListAssetsQuery } from '@aurastream/contract';

/** Schedules the removal of a deleted asset once its undo period ends. */
export type SchedulePurge = (owner: UserId, assetId: string, at: Date) => Promise<void>;

export interface AssetDeletion {
  id: string;
  deleted_at: Date;
  /** Null when the deletion was permanent. */
  restorable_until: Date | null;
}

/** A public asset's file, ready to serve. */
export interface PublicAssetImage {
  asset: Asset;
  data: Buffer;
  contentType: string;
}

const notFound = () => new NotFoundError('The asset', 'asset_not_found');

function found(asset: Asset | null): Asset {
  if (!asset) {
    throw notFound();
  }
  return asset;
}

/** The asset library's rules: listing, visibility, undoable deletion and the public view. */
export class AssetLibraryService {
  constructor(
    private readonly assets: AssetRepository,
    private readonly files: GeneratedAssetStore,
    private readonly purger: AssetPurger,
    private readonly schedulePurge: SchedulePurge,
    private readonly graceMs: number,
  ) {}

  async list(owner: UserId, query: ListAssetsQuery): Promise<{ items: Asset[]; next_cursor: string | null }> {
    const after = query.cursor ? decodePageCursor(query.cursor) : null;
    const filters: AssetFilters = {
      asset_type: query.asset_type,
      brand_kit_id: query.brand_kit_id,
      job_id: query.job_id,
      is_public: query.visibility === undefined ? undefined : query.visibility === 'public',
    };
    return toPage(await this.assets.list(owner, filters, query.limit + 1, after), query.limit);
  }

  async get(owner: UserId, id: string): Promise<Asset> {
    return found(await this.assets.findById(owner, id));
  }

  /**
   * Makes an asset public or private. Turning private also moves its file to a new address: file
   * URLs work without signing in, so a link shared while the asset was public must stop working.
   */
  async setVisibility(owner: UserId, id: string, isPublic: boolean): Promise<Asset> {
    const asset = found(await this.assets.findById(owner, id));
    if (isPublic || !asset.is_public || !asset.storage_path) {
      return found(await this.assets.setVisibility(owner, id, isPublic));
    }
    const moved = await this.files.copyToNewAddress(asset);
    if (!moved) {
      return found(await this.assets.setVisibility(owner, id, false));
    }
    const updated = await this.assets.setVisibility(owner, id, false, { from: asset.storage_path, ...moved });
    if (!updated) {
      // deleted or moved by a concurrent request meanwhile: the row keeps its own file
      await this.files.removeFile(moved.storage_path);
      return found(await this.assets.setVisibility(owner, id, false));
    }
    await this.files.removeFile(asset.storage_path);
    return updated;
  }

  /**
   * Publishes designs, or makes them private, as one action: each id names a design through any of
   * its files, and every size of that design changes. Nothing changes when an id is not one of the
   * owner's live assets.
   */
  async setDesignsVisibility(owner: UserId, assetIds: string[], isPublic: boolean): Promise<Asset[]> {
    const unique = [...new Set(assetIds)];
    const named = await this.assets.findManyByIds(owner, unique);
    if (named.length !== unique.length) {
      const found = new Set(named.map((asset) => asset.id));
      throw new NotFoundError('The asset', 'asset_not_found', {
        missing: unique.filter((id) => !found.has(id)),
      });
    }
    const designs = new Map(
      named.map((asset) => [
        `${asset.job_id}:${asset.generation_params.variation}`,
        { job_id: asset.job_id, variation: asset.generation_params.variation },
      ]),
    );
    const files = await this.assets.findDesignFiles(owner, [...designs.values()]);
    const changing = files.filter((file) => file.is_public !== isPublic);
    if (isPublic) {
      await this.assets.publish(
        owner,
        changing.map((file) => file.id),
      );
    } else {
      // one at a time: each file moves to a new address, as a single change does
      for (const file of changing) {
        await this.setVisibility(owner, file.id, false);
      }
    }
    return this.assets.findManyByIds(
      owner,
      files.map((file) => file.id),
    );
  }

  /**
   * Every size of the design one of whose files is `assetId`, largest first, with the bytes of each
   * (for the design's zip). 404 when the asset is not the owner's, or a file is gone.
   */
  async designFiles(owner: UserId, assetId: string): Promise<Array<{ asset: Asset; data: Buffer }>> {
    const named = found(await this.assets.findById(owner, assetId));
    const files = await this.assets.findDesignFiles(owner, [
      { job_id: named.job_id, variation: named.generation_params.variation },
    ]);
    files.sort((a, b) => b.width * b.height - a.width * a.height);
    return Promise.all(
      files.map(async (asset) => {
        const data = await this.files.read(asset);
        if (!data) {
          throw notFound();
        }
        return { asset, data };
      }),
    );
  }

  /** How many designs the owner has made (deleted ones aside) and how many are published. */
  async summary(owner: UserId): Promise<DesignCounts> {
    return this.assets.countDesigns(owner);
  }

  /**
   * Hides the asset at once. Unless `permanent`, the row and file stay for the grace period so the
   * dashboard's undo can restore it; a scheduled job removes them afterwards.
   */
  async delete(owner: UserId, id: string, permanent: boolean, now = new Date()): Promise<AssetDeletion> {
    const deleted = await this.assets.softDelete(owner, id, now);
    if (!deleted) {
      throw notFound();
    }
    if (permanent) {
      await this.purger.remove(deleted);
      return { id, deleted_at: now, restorable_until: null };
    }
    const restorableUntil = new Date(now.getTime() + this.graceMs);
    await this.schedulePurge(owner, id, restorableUntil);
    return { id, deleted_at: now, restorable_until: restorableUntil };
  }

  async restore(owner: UserId, id: string, now = new Date()): Promise<Asset> {
    return found(await this.assets.restore(owner, id, new Date(now.getTime() - this.graceMs)));
  }

  /** A public asset; private, deleted and missing ones are the same 404. */
  async getPublic(id: string): Promise<Asset> {
    return found(await this.assets.findPublicById(id));
  }

  /** A public asset and its file's storage key (the file itself is not read). */
  async getPublicImageKey(id: string): Promise<{ asset: Asset; storageKey: string }> {
    const asset = await this.getPublic(id);
    if (!asset.storage_path) {
      throw notFound();
    }
    return { asset, storageKey: asset.storage_path };
  }

  async getPublicImage(id: string): Promise<PublicAssetImage> {
    const asset = await this.getPublic(id);
    const data = await this.files.read(asset);
    if (!data) {
      throw notFound();
    }
    return { asset, data, contentType: asset.format === 'png' ? 'image/png' : 'image/jpeg' };
  }
}
