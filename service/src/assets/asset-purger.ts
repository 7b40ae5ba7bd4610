import type { FileStorage } from '../storage';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { UserDataOwner } from '../users/user-data-owner';
import type { Asset, AssetRepository } from './asset.repository';
import { generatedFilesPrefix } from './generated-asset-store';
import { thumbnailKeyOf } from './thumbnails';

/**
 * Ends deletions: once an asset's undo period is over (or the owner confirmed), its file and row
 * go for good. Also removes a whole account's assets when the account is deleted.
 */
export class AssetPurger implements UserDataOwner {
  readonly name = 'assets';

  constructor(
    private readonly assets: AssetRepository,
    private readonly storage: FileStorage,
    private readonly graceMs: number,
    private readonly logger: Logger,
  ) {}

  /** Removes one deleted asset if its grace period is over; a restored asset is left alone. */
  async purgeIfExpired(owner: UserId, assetId: string, now = new Date()): Promise<boolean> {
    const asset = await this.assets.findExpiredDeletion(owner, assetId, new Date(now.getTime() - this.graceMs));
    if (!asset) {
      return false;
    }
    await this.remove(asset);
    return true;
  }

  /** Removes an asset and its file at once (a confirmed deletion). */
  async remove(asset: Pick<Asset, 'id' | 'user_id' | 'storage_path'>): Promise<void> {
    // the file first: a row without a file is visible as broken, a file without a row would leak
    if (asset.storage_path) {
      await this.storage.delete(asset.storage_path);
      await this.storage.delete(thumbnailKeyOf(asset.storage_path));
    }
    await this.assets.deleteRows(asset.user_id, [asset.id]);
  }

  /** Safety net for deletions whose own purge job was lost: removes every expired one. */
  async purgeAllExpired(now = new Date(), batchSize = 200): Promise<number> {
    let removed = 0;
    for (;;) {
      const expired = await this.assets.listExpiredDeletionsForMaintenance(
        new Date(now.getTime() - this.graceMs),
        batchSize,
      );
      for (const asset of expired) {
        await this.remove(asset);
      }
      removed += expired.length;
      if (expired.length < batchSize) {
        break;
      }
    }
    if (removed > 0) {
      this.logger.info({ removed }, 'purged expired asset deletions');
    }
    return removed;
  }

  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.assets.deleteAllForUser(userId);
    await this.storage.deletePrefix(generatedFilesPrefix(userId));
  }
}
