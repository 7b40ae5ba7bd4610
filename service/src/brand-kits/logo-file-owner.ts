import type { StoredFileOwner } from '../orphan-files/stored-file-owner';
import { groupBy, userIdInFolder } from '../orphan-files/stored-file-owner';
import type { UserId } from '../users/user.repository';
import type { BrandKitRepository } from './brand-kit.repository';

/** Kit files live at `users/<owner>/brand-kits/<kit id>/…` (`storage-keys.ts`). */
const BRAND_KITS_FOLDER = 'brand-kits';

/** Brand kit logos, as the orphan-file sweep asks about them: in use while a kit's `logos` names them. */
export function logoFileOwner(kits: BrandKitRepository): StoredFileOwner {
  return {
    name: 'brand_kit_logos',
    claims: (key) => userIdInFolder(key, BRAND_KITS_FOLDER) !== null,
    async referencedKeys(keys) {
      const referenced = new Set<string>();
      for (const [owner, ownersKeys] of groupBy(keys, (key) => userIdInFolder(key, BRAND_KITS_FOLDER) ?? '')) {
        const kitIds = [...new Set(ownersKeys.map((key) => key.split('/')[3] ?? ''))].filter((id) => id !== '');
        if (kitIds.length > 0) {
          for (const key of await kits.logoKeysOfKits(owner as UserId, kitIds)) {
            referenced.add(key);
          }
        }
      }
      return referenced;
    },
  };
}
