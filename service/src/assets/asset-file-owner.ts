import type { StoredFileOwner } from '../orphan-files/stored-file-owner';
import { groupBy, userIdInFolder } from '../orphan-files/stored-file-owner';
import type { UserId } from '../users/user.repository';
import type { AssetRepository } from './asset.repository';
import { thumbnailKeyOf } from './thumbnails';

/** Generated files live at `users/<owner>/assets/<job id>/<file>` (`generatedFileKey`). */
const ASSETS_FOLDER = 'assets';

/** The job folder of a generated file's key, or '' for a key that is not in one. */
function jobIdOf(key: string): string {
  const parts = key.split('/');
  return parts.length === 5 ? (parts[3] ?? '') : '';
}

/**
 * Generated files, as the orphan-file sweep asks about them: a file is in use while a row (a
 * deleted one in its undo period included) names it as its file, or as its thumbnail's.
 */
export function assetFileOwner(assets: AssetRepository): StoredFileOwner {
  return {
    name: 'assets',
    claims: (key) => userIdInFolder(key, ASSETS_FOLDER) !== null,
    async referencedKeys(keys) {
      const referenced = new Set<string>();
      for (const [owner, ownersKeys] of groupBy(keys, (key) => userIdInFolder(key, ASSETS_FOLDER) ?? '')) {
        const jobIds = [...new Set(ownersKeys.map(jobIdOf))].filter((id) => id !== '');
        if (jobIds.length === 0) {
          continue;
        }
        for (const row of await assets.filesOfJobs(owner as UserId, jobIds)) {
          if (row.storage_path) {
            referenced.add(row.storage_path);
            if (row.thumbnail_url) {
              referenced.add(thumbnailKeyOf(row.storage_path));
            }
          }
        }
      }
      return referenced;
    },
  };
}
